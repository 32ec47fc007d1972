import Access
import Documents
import TollbookConfiguration

/// The fragment of the record of processing activities (GDPR Art. 30(1)) Tollbook can state from
/// its configuration (privacy spec P16): purposes, categories of data subjects and data, recipients
/// (roles), erasure periods per category and the technical and organisational measures.
public struct Art30Record: Sendable, Equatable, Encodable {
    /// One erasure period.
    public struct ErasurePeriod: Sendable, Equatable, Encodable {
        /// What is erased ("private detail", "audit log" …).
        public var item: String
        /// After how many months.
        public var months: Int
    }

    /// One recipient: a role and what it receives.
    public struct Recipient: Sendable, Equatable, Encodable {
        /// The role's name.
        public var role: String
        /// Its permissions on personal data.
        public var receives: [String]
    }

    /// The technical and organisational measures in place.
    public struct Measures: Sendable, Equatable, Encodable {
        /// Personal columns encrypted at rest.
        public var encryptionAtRest: Bool
        /// Every read refusal, export, unlock and change is in the audit log (always on).
        public var auditLog: Bool
        /// The four-eyes unlock is the only way to detail beyond the privacy package.
        public var fourEyesUnlock: Bool
        /// k of the minimum group size.
        public var minimumGroupSize: Int
        /// A co-determination profile is configured.
        public var coDeterminationProfile: Bool

        enum CodingKeys: String, CodingKey {
            case encryptionAtRest = "encryption_at_rest", auditLog = "audit_log", fourEyesUnlock = "four_eyes_unlock"
            case minimumGroupSize = "min_group_size", coDeterminationProfile = "co_determination_profile"
        }
    }

    /// Purposes of the processing.
    public var purposes: [String]
    /// Categories of data subjects.
    public var dataSubjects: [String]
    /// Categories of personal data.
    public var dataCategories: [String]
    /// Recipients inside the organisation, by role.
    public var recipients: [Recipient]
    /// Erasure periods.
    public var erasurePeriods: [ErasurePeriod]
    /// Technical and organisational measures.
    public var measures: Measures

    enum CodingKeys: String, CodingKey {
        case purposes, dataSubjects = "data_subjects", dataCategories = "data_categories", recipients
        case erasurePeriods = "erasure_periods", measures
    }

    /// The record of `settings` (English: the JSON export's text is English; the document may be German).
    public init(settings: GovernanceSettings) {
        purposes = [
            "cost accounting of telephone calls per cost centre",
            "charge-back of call and indirect costs",
            "billing of private calls to the employees who made them",
            "checking suspected misuse only through the four-eyes unlock",
        ]
        dataSubjects = ["employees (participants of the org chart)", "external call partners (by number)"]
        dataCategories = [
            "participant name, employee id, org unit", "extension", "call start, duration and ring time",
            "dialled or calling number (masked per privacy package)", "call cost and tariff",
            "call category (business, project, private, PIN)", "protected-number class (instead of the number)",
        ]
        let personal: [Permission] = [.callsReadAll, .callsReadScope, .callsReadOwn, .reportsRun, .rejectsReadRaw, .auditRead,
                                      .unlockApprove]
        recipients = Role.builtIn.compactMap { role in
            let held = personal.filter { role.permissions.contains($0) }.map(\.rawValue)
            return held.isEmpty ? nil : Recipient(role: role.name, receives: held)
        }
        let retention = settings.retention
        erasurePeriods = RetentionSchedule.categories.map {
            ErasurePeriod(item: "\($0) detail", months: retention.detailMonths[$0] ?? 0)
        } + [
            ErasurePeriod(item: "raw journal", months: retention.journalMonths),
            ErasurePeriod(item: "cost-centre sums and billed private charges", months: retention.aggregatesMonths),
            ErasurePeriod(item: "audit log", months: retention.auditMonths),
            ErasurePeriod(item: "unlock records", months: retention.unlockRecordsMonths),
        ]
        measures = Measures(encryptionAtRest: settings.encryptionAtRest, auditLog: true,
                            fourEyesUnlock: settings.isEnabled(.unlock), minimumGroupSize: settings.minimumGroupSize,
                            coDeterminationProfile: settings.isGoverned)
    }

    /// The record as a document (Markdown, PDF).
    public func document(language: DocumentLanguage, generatedOn: String, configurationPath: String) -> ReportDocument {
        let say = Wording(language: language)
        var document = ReportDocument(
            title: say("Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO): Telefondatenerfassung",
                       "Record of processing activities (GDPR Art. 30): telephone accounting"),
            subtitle: say("Auszug, erzeugt aus der Tollbook-Konfiguration", "Fragment generated from the Tollbook configuration"),
            metadata: [(say("Konfiguration", "Configuration"), configurationPath.isEmpty ? "-" : configurationPath),
                       (say("Erstellt am", "Generated on"), generatedOn)],
            language: language)
        document.sections = [
            .init(heading: say("Zwecke", "Purposes"), blocks: [.bullets(purposes)]),
            .init(heading: say("Kategorien betroffener Personen", "Categories of data subjects"), blocks: [.bullets(dataSubjects)]),
            .init(heading: say("Kategorien personenbezogener Daten", "Categories of personal data"),
                  blocks: [.bullets(dataCategories)]),
            .init(heading: say("Empfänger (Rollen)", "Recipients (roles)"),
                  blocks: [.bullets(recipients.map { "\($0.role): " + $0.receives.joined(separator: ", ") })]),
            .init(heading: say("Löschfristen", "Erasure periods"),
                  blocks: [.bullets(erasurePeriods.map { "\(say.erasureItem($0.item)): \(say.months($0.months))" })]),
            .init(heading: say("Technische und organisatorische Maßnahmen", "Technical and organisational measures"), blocks: [
                .bullets([
                    say("Verschlüsselung ruhender Daten: ", "Encryption at rest: ") + say.onOff(measures.encryptionAtRest),
                    say("Protokoll (Audit-Log): ", "Audit log: ") + say.onOff(measures.auditLog),
                    say("Vier-Augen-Freischaltung: ", "Four-eyes unlock: ") + say.onOff(measures.fourEyesUnlock),
                    say("Mindestgruppengröße: ", "Minimum group size: ") + String(measures.minimumGroupSize),
                    say("Mitbestimmungsprofil: ", "Co-determination profile: ")
                        + (measures.coDeterminationProfile ? say("konfiguriert", "configured") : say("nicht konfiguriert", "not configured")),
                ]),
            ]),
        ]
        return document
    }
}

extension Wording {
    /// An erasure item ("private detail") in the document's language.
    func erasureItem(_ item: String) -> String {
        guard language == .de else { return item }
        if item.hasSuffix(" detail") { return "Einzelverbindungen " + category(String(item.dropLast(7))) }
        switch item {
        case "raw journal": return "Rohdaten-Journal"
        case "cost-centre sums and billed private charges": return "Kostenstellensummen und abgerechnete Privatgespräche"
        case "audit log": return "Protokoll (Audit-Log)"
        case "unlock records": return "Freischaltungen"
        default: return item
        }
    }
}
