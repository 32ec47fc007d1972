/// Every report type and monitoring-capable function of Tollbook — existing or planned — as a named
/// switch of the co-determination profile (§ 87(1) no. 6 BetrVG: co-determination extends to single
/// functions, so each must be switchable). This enum is the one catalogue: the configuration accepts
/// exactly these keys under `privacy.profile`, the works-agreement annex lists exactly these.
public enum MonitoringFunction: String, CaseIterable, Sendable, Comparable {
    /// `tollbook report costs --by node|site`: cost-centre sums along the org chart.
    case costReportByOrg = "cost_report_by_org"
    /// `tollbook report costs --by participant`: costs per person.
    case costReportByParticipant = "cost_report_by_participant"
    /// `tollbook report statement`: a cost centre's charge-back statement with one line per person and item.
    case statementPerPerson = "statement_per_person"
    /// `tollbook calls`: the itemised call list (masked per privacy package).
    case itemisedCalls = "itemised_calls"
    /// Talk time per person (the `talk_seconds` of `report costs --by participant`).
    case perPersonDuration = "per_person_duration"
    /// Rankings of persons (top callers, most expensive persons). Planned (issue 19).
    case perPersonRanking = "per_person_ranking"
    /// Hunt-group KPIs (answered, lost, waiting times). Planned (issue 19).
    case huntGroupKPIs = "hunt_group_kpis"
    /// KPIs per extension (calls, answer rate, ring time). Planned (issue 19).
    case extensionKPIs = "extension_kpis"
    /// Alarms on call patterns (cost or duration thresholds). Planned.
    case alarms
    /// Reports mailed on a schedule. Planned.
    case scheduledMail = "scheduled_mail"
    /// Four-eyes unlock of detail beyond the privacy package (`tollbook unlock`).
    case unlock
    /// The self-service portal (own calls, GDPR report). Planned.
    case portal

    /// Orders by catalogue position.
    public static func < (lhs: MonitoringFunction, rhs: MonitoringFunction) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }

    /// Whether the function is on in a profile that does not name it. Everything that shows one
    /// person's behaviour or performance beyond the cost purpose is off by default.
    public var enabledByDefault: Bool {
        switch self {
        case .costReportByOrg, .statementPerPerson, .itemisedCalls, .unlock, .portal: return true
        case .costReportByParticipant, .perPersonDuration, .perPersonRanking, .huntGroupKPIs, .extensionKPIs, .alarms,
             .scheduledMail:
            return false
        }
    }

    /// Whether Tollbook has the function today (`false`: planned; the switch already governs it).
    public var isAvailable: Bool {
        switch self {
        case .costReportByOrg, .costReportByParticipant, .statementPerPerson, .itemisedCalls, .perPersonDuration,
             .unlock:
            return true
        case .perPersonRanking, .huntGroupKPIs, .extensionKPIs, .alarms, .scheduledMail, .portal: return false
        }
    }

    /// Where it is used: the command (or the planned channel).
    public var channel: String {
        switch self {
        case .costReportByOrg: return "tollbook report costs --by node|site"
        case .costReportByParticipant: return "tollbook report costs --by participant"
        case .statementPerPerson: return "tollbook report statement"
        case .itemisedCalls: return "tollbook calls"
        case .perPersonDuration: return "tollbook report costs --by participant (talk_seconds)"
        case .perPersonRanking: return "analytics (planned)"
        case .huntGroupKPIs: return "analytics (planned)"
        case .extensionKPIs: return "analytics (planned)"
        case .alarms: return "tollbook serve (planned)"
        case .scheduledMail: return "tollbook serve (planned)"
        case .unlock: return "tollbook unlock"
        case .portal: return "web portal (planned)"
        }
    }

    /// The fields it shows.
    public var fields: [String] {
        switch self {
        case .costReportByOrg:
            return ["node path", "calls", "talk_seconds", "call_costs", "indirect_costs", "markup", "total"]
        case .costReportByParticipant:
            return ["participant", "employee_id", "node path", "calls", "call_costs", "indirect_costs", "markup", "total"]
        case .statementPerPerson:
            return ["node path", "participant", "employee_id", "month", "item", "package", "quantity", "amount"]
        case .itemisedCalls:
            return ["start", "extension", "number (per privacy package)", "duration", "cost", "category", "site"]
        case .perPersonDuration: return ["participant", "talk_seconds"]
        case .perPersonRanking: return ["participant", "rank", "calls", "talk time", "costs"]
        case .huntGroupKPIs: return ["hunt group", "offered", "answered", "lost", "waiting time"]
        case .extensionKPIs: return ["extension", "calls", "answer rate", "ring time"]
        case .alarms: return ["extension", "threshold", "value"]
        case .scheduledMail: return ["report", "recipients", "schedule"]
        case .unlock: return ["requester", "subject", "period", "fields", "purpose", "approver"]
        case .portal: return ["own calls (per own package)", "GDPR report"]
        }
    }

    /// The permission (of the access module's vocabulary, `docs/access.md`) a role needs to use it.
    public var permission: String {
        switch self {
        case .costReportByOrg, .costReportByParticipant, .statementPerPerson, .perPersonDuration, .perPersonRanking,
             .huntGroupKPIs, .extensionKPIs, .scheduledMail:
            return "reports.run"
        case .itemisedCalls: return "calls.read_scope"
        case .alarms: return "configuration.write"
        case .unlock: return "unlock.request"
        case .portal: return "calls.read_own"
        }
    }

    /// The function's name in German and English.
    public var title: (de: String, en: String) {
        switch self {
        case .costReportByOrg: return ("Kostenbericht nach Kostenstelle", "Cost report by org unit")
        case .costReportByParticipant: return ("Kostenbericht je Person", "Cost report per person")
        case .statementPerPerson: return ("Kostenabrechnung je Person", "Charge-back statement per person")
        case .itemisedCalls: return ("Einzelverbindungsnachweis", "Itemised call list")
        case .perPersonDuration: return ("Gesprächsdauer je Person", "Talk time per person")
        case .perPersonRanking: return ("Ranglisten von Personen", "Rankings of persons")
        case .huntGroupKPIs: return ("Kennzahlen von Sammelrufgruppen", "Hunt-group KPIs")
        case .extensionKPIs: return ("Kennzahlen je Nebenstelle", "KPIs per extension")
        case .alarms: return ("Alarme", "Alarms")
        case .scheduledMail: return ("Berichtsversand per E-Mail", "Scheduled report mail")
        case .unlock: return ("Vier-Augen-Freischaltung", "Four-eyes unlock")
        case .portal: return ("Self-Service-Portal", "Self-service portal")
        }
    }

    /// What it does, in German and English.
    public var summary: (de: String, en: String) {
        switch self {
        case .costReportByOrg:
            return ("Summen der Verbindungs- und Gemeinkosten je Kostenstelle, nur für Gruppen ab der Mindestgruppengröße.",
                    "Call and indirect cost sums per org unit, only for groups of at least the minimum group size.")
        case .costReportByParticipant:
            return ("Kosten je Person und Kostenstelle für die Weiterberechnung.",
                    "Costs per person and org unit for charge-back.")
        case .statementPerPerson:
            return ("Abrechnung einer Kostenstelle für einen Monat mit je einer Zeile pro Person und Posten.",
                    "A cost centre's monthly statement with one line per person and item.")
        case .itemisedCalls:
            return ("Liste der einzelnen Verbindungen, Rufnummern nach dem Datenschutzpaket gekürzt.",
                    "The list of single calls, numbers masked according to the privacy package.")
        case .perPersonDuration:
            return ("Summierte Gesprächszeit je Person; geeignet zur Leistungskontrolle.",
                    "Summed talk time per person; suited to performance monitoring.")
        case .perPersonRanking:
            return ("Rangfolgen von Personen nach Anzahl, Dauer oder Kosten; Leistungsvergleich.",
                    "Persons ranked by count, duration or cost; a performance comparison.")
        case .huntGroupKPIs:
            return ("Erreichbarkeit und Wartezeiten von Sammelrufgruppen.",
                    "Reachability and waiting times of hunt groups.")
        case .extensionKPIs:
            return ("Annahmequote und Klingelzeiten je Nebenstelle; personenbeziehbar.",
                    "Answer rate and ring times per extension; relatable to persons.")
        case .alarms:
            return ("Meldungen bei Überschreiten von Kosten- oder Dauergrenzen.",
                    "Notifications when cost or duration thresholds are exceeded.")
        case .scheduledMail:
            return ("Regelmäßiger Versand von Berichten an festgelegte Empfänger.",
                    "Reports mailed regularly to fixed recipients.")
        case .unlock:
            return ("Einsicht in Einzeldaten über das Datenschutzpaket hinaus nur nach Freigabe durch eine zweite Person (Betriebsrat oder DSB), höchstens 24 Stunden.",
                    "Detail beyond the privacy package only after approval by a second person (works council or DPO), at most 24 hours.")
        case .portal:
            return ("Beschäftigte sehen ihre eigenen Verbindungen und ihre Datenschutzauskunft.",
                    "Employees see their own calls and their GDPR report.")
        }
    }
}

/// The co-determination profile (`privacy.profile`): which functions of the catalogue are on, as
/// agreed with the works council. ``isEnabled(_:)`` is the one check every channel calls.
public struct CoDeterminationProfile: Sendable, Equatable {
    /// The works agreement the profile implements (free text for the annex, may be empty).
    public var agreement: String
    /// Switches the configuration set explicitly; the rest take ``MonitoringFunction/enabledByDefault``.
    public var switches: [MonitoringFunction: Bool]
    /// Line of `profile:` in the configuration file (0 when not from a file).
    public var line: Int

    /// A profile with the given explicit switches.
    public init(agreement: String = "", switches: [MonitoringFunction: Bool] = [:], line: Int = 0) {
        self.agreement = agreement
        self.switches = switches
        self.line = line
    }

    /// Whether `function` is on.
    public func isEnabled(_ function: MonitoringFunction) -> Bool {
        switches[function] ?? function.enabledByDefault
    }

    /// Whether `function` is on in `profile`; without a configured profile (no `privacy.profile`
    /// key) Tollbook behaves as before the profile existed and every function is on.
    public static func isEnabled(_ function: MonitoringFunction, in profile: CoDeterminationProfile?) -> Bool {
        profile?.isEnabled(function) ?? true
    }
}
