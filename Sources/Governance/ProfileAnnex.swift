import Documents
import TollbookConfiguration

/// The annex to a works agreement (privacy spec P8): every report and monitoring-capable function
/// with its switch, the fields it shows and the roles that can use it; retention per data class and
/// category; the minimum group size; the rules of the four-eyes unlock.
public enum ProfileAnnex {
    /// The annex as a document.
    public static func document(settings: GovernanceSettings, language: DocumentLanguage,
                                generatedOn: String) -> ReportDocument {
        let say = Wording(language: language)
        var document = ReportDocument(
            title: say("Anlage zur Betriebsvereinbarung: Telefondatenerfassung (Tollbook)",
                       "Annex to the works agreement: telephone accounting (Tollbook)"),
            subtitle: say("Mitbestimmungsprofil nach § 87 Abs. 1 Nr. 6 BetrVG",
                          "Co-determination profile under § 87(1) no. 6 BetrVG"),
            language: language)
        let agreement = settings.profile?.agreement ?? ""
        if !agreement.isEmpty { document.metadata.append((say("Vereinbarung", "Agreement"), agreement)) }
        document.metadata.append((say("Konfiguration", "Configuration"),
                                  settings.configurationPath.isEmpty ? "-" : settings.configurationPath))
        document.metadata.append((say("Erstellt am", "Generated on"), generatedOn))
        document.metadata.append((say("Mindestgruppengröße", "Minimum group size"), String(settings.minimumGroupSize)))
        if settings.profile == nil {
            document.metadata.append((say("Hinweis", "Note"),
                                      say("Kein Profil konfiguriert (privacy.profile): alle Funktionen sind aktiviert.",
                                          "No profile configured (privacy.profile): every function is enabled.")))
        }

        var functions = ReportDocument.Table(columns: [
            .init(say("Funktion", "Function")), .init(say("Schalter", "Switch")), .init(say("Status", "Status")),
            .init(say("Verfügbar über", "Channel")), .init(say("Rollen", "Roles")),
        ])
        var fields: [String] = []
        for function in MonitoringFunction.allCases {
            let title = language == .de ? function.title.de : function.title.en
            functions.rows.append([
                .text(title), .text(function.rawValue), .text(say.onOff(settings.isEnabled(function))),
                .text(function.channel), .text(roles(holding: function.permission).joined(separator: ", ")),
            ])
            let summary = language == .de ? function.summary.de : function.summary.en
            fields.append("\(title) (\(function.rawValue)): \(summary) \(say("Felder", "Fields")): "
                          + function.fields.joined(separator: ", ") + ".")
        }
        document.sections.append(.init(heading: say("Berichte und Funktionen", "Reports and functions"), blocks: [
            .paragraph(say("Jede Funktion, die zur Verhaltens- oder Leistungskontrolle geeignet ist, ist ein eigener Schalter. "
                           + "Deaktivierte Funktionen werden von jedem Kanal abgelehnt.",
                           "Every function suited to monitoring behaviour or performance is a switch of its own. "
                           + "Disabled functions are refused by every channel.")),
            .table(functions),
        ]))
        document.sections.append(.init(heading: say("Angezeigte Felder", "Fields shown"), blocks: [.bullets(fields)]))
        document.sections.append(.init(heading: say("Mindestgruppengröße", "Minimum group size"), blocks: [
            .paragraph(say("Jede Auswertung über Gruppen (Kosten, Anzahl, Dauer) zeigt Werte nur für Gruppen mit mindestens "
                           + "\(settings.minimumGroupSize) verschiedenen Personen; kleinere Gruppen erscheinen als "
                           + "\"< \(settings.minimumGroupSize)\". Wäre ein zurückgehaltener Wert aus Summe und übrigen Werten "
                           + "berechenbar, wird zusätzlich die Summe zurückgehalten (komplementäre Unterdrückung).",
                           "Every aggregate over groups (costs, counts, durations) shows values only for groups of at least "
                           + "\(settings.minimumGroupSize) distinct persons; smaller groups show \"< \(settings.minimumGroupSize)\". "
                           + "Where a withheld value could be computed from a total and the other values, the total is "
                           + "withheld too (complementary suppression).")),
        ]))
        document.sections.append(.init(heading: say("Aufbewahrung und Löschung", "Retention and erasure"),
                                       blocks: [.table(retentionTable(settings.retention, say))]))
        let approvers = roles(holding: "unlock.approve").joined(separator: ", ")
        let requesters = roles(holding: "unlock.request").joined(separator: ", ")
        document.sections.append(.init(heading: say("Vier-Augen-Freischaltung", "Four-eyes unlock"), blocks: [
            .bullets([
                say("Status: ", "Status: ") + say.onOff(settings.isEnabled(.unlock)),
                say("Antrag (Antragsteller, betroffene Person, Zeitraum, Felder, Zweck) durch: ",
                    "Request (requester, subject, period, fields, purpose) by: ") + requesters,
                say("Freigabe nur durch eine andere Person mit der Rolle: ",
                    "Approval only by a different person holding: ") + approvers,
                say("Gültig höchstens 24 Stunden, für eine Person, nur lesend; Ausgaben tragen ein Wasserzeichen; "
                    + "jeder Schritt wird protokolliert.",
                    "Valid for at most 24 hours, one subject, read-only; output is watermarked; every step is audited."),
            ]),
        ]))
        return document
    }

    /// Retention per data class and category.
    static func retentionTable(_ retention: RetentionSchedule, _ say: Wording) -> ReportDocument.Table {
        var table = ReportDocument.Table(columns: [
            .init(say("Datenklasse", "Data class")), .init(say("Kategorie", "Category")),
            .init(say("Aufbewahrung", "Retention")),
        ])
        for category in RetentionSchedule.categories {
            table.rows.append([.text(say("Einzelverbindungen", "Call detail")), .text(say.category(category)),
                               .text(say.months(retention.detailMonths[category] ?? 0))])
        }
        table.rows.append([.text(say("Rohdaten-Journal", "Raw journal")), .text(say("alle", "all")),
                           .text(say.months(retention.journalMonths))])
        table.rows.append([.text(say("Kostenstellensummen, abgerechnete Privatgespräche", "Cost-centre sums, billed private charges")),
                           .text(say("alle", "all")), .text(say.months(retention.aggregatesMonths))])
        table.rows.append([.text(say("Protokoll (Audit)", "Audit log")), .text("-"), .text(say.months(retention.auditMonths))])
        table.rows.append([.text(say("Freischaltungen", "Unlock records")), .text("-"),
                           .text(say.months(retention.unlockRecordsMonths))])
        return table
    }
}
