import Documents
import TollbookConfiguration

/// Inputs to a data-protection impact assessment (GDPR Art. 35) from the configuration (privacy
/// spec P16): which of the nine criteria of the WP248 guidelines the configured processing meets.
/// Two or more criteria met ⇒ a DPIA is required.
public struct DPIAInputs: Sendable, Equatable, Encodable {
    /// One WP248 criterion.
    public struct Criterion: Sendable, Equatable, Encodable {
        /// Its number in WP248 (1–9).
        public var number: Int
        /// Its key (`evaluation_or_scoring`, …).
        public var key: String
        /// Its name.
        public var name: String
        /// Whether the configured processing meets it.
        public var met: Bool
        /// Why (from the configuration).
        public var reason: String
    }

    /// The nine criteria.
    public var criteria: [Criterion]
    /// How many are met.
    public var metCount: Int { criteria.filter(\.met).count }
    /// Whether a DPIA is required (two or more criteria met).
    public var assessmentRequired: Bool { metCount >= 2 }

    enum CodingKeys: String, CodingKey { case criteria, metCount = "met_count", assessmentRequired = "assessment_required" }

    /// Encodes the computed fields too.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(criteria, forKey: .criteria)
        try container.encode(metCount, forKey: .metCount)
        try container.encode(assessmentRequired, forKey: .assessmentRequired)
    }

    /// The inputs of `settings` (and of the configuration, for directory matching).
    public init(settings: GovernanceSettings, configuration: ConfigurationFile?) {
        let performance: [MonitoringFunction] = [.perPersonDuration, .perPersonRanking, .extensionKPIs, .huntGroupKPIs,
                                                 .costReportByParticipant]
        let performanceOn = performance.filter { settings.isEnabled($0) }.map(\.rawValue)
        let directory = configuration?.directory != nil
        criteria = [
            Criterion(number: 1, key: "evaluation_or_scoring", name: "Evaluation or scoring (performance statistics)",
                      met: !performanceOn.isEmpty,
                      reason: performanceOn.isEmpty ? "performance statistics off in the co-determination profile"
                          : "performance statistics on: " + performanceOn.joined(separator: ", ")),
            Criterion(number: 2, key: "automated_decision", name: "Automated decision-making with legal or similar effect",
                      met: false, reason: "Tollbook takes no decisions about persons"),
            Criterion(number: 3, key: "systematic_monitoring", name: "Systematic monitoring",
                      met: true, reason: "every call of every extension is recorded continuously"),
            Criterion(number: 4, key: "sensitive_data", name: "Sensitive data or data of a highly personal nature",
                      met: true, reason: "calls to works council, doctors or counselling lines can reveal special categories "
                          + "(mitigated by protected-number classes)"),
            Criterion(number: 5, key: "large_scale", name: "Data processed on a large scale",
                      met: false, reason: "to be assessed by the controller (number of employees and call volume)"),
            Criterion(number: 6, key: "matching_or_combining", name: "Matching or combining datasets",
                      met: directory, reason: directory ? "people are read from a directory (LDAP / Active Directory)"
                          : "no directory synchronisation configured"),
            Criterion(number: 7, key: "vulnerable_subjects", name: "Data concerning vulnerable data subjects",
                      met: true, reason: "employees (power imbalance with the employer, WP248)"),
            Criterion(number: 8, key: "innovative_technology", name: "Innovative use or new technology",
                      met: false, reason: "conventional call accounting"),
            Criterion(number: 9, key: "prevents_rights", name: "Prevents data subjects from exercising a right or using a service",
                      met: false, reason: "no"),
        ]
    }

    /// The inputs as a document.
    public func document(language: DocumentLanguage, generatedOn: String, configurationPath: String) -> ReportDocument {
        let say = Wording(language: language)
        var table = ReportDocument.Table(columns: [
            .init("#", .integer), .init(say("Kriterium (WP248)", "Criterion (WP248)")), .init(say("Erfüllt", "Met")),
            .init(say("Begründung", "Reason")),
        ])
        for criterion in criteria {
            table.rows.append([.integer(Int64(criterion.number)), .text(criterion.name),
                               .text(criterion.met ? say("ja", "yes") : say("nein", "no")), .text(criterion.reason)])
        }
        return ReportDocument(
            title: say("Eingaben zur Datenschutz-Folgenabschätzung (Art. 35 DSGVO)", "DPIA inputs (GDPR Art. 35)"),
            subtitle: say("Kriterien nach WP248, aus der Tollbook-Konfiguration", "WP248 criteria, from the Tollbook configuration"),
            metadata: [(say("Konfiguration", "Configuration"), configurationPath.isEmpty ? "-" : configurationPath),
                       (say("Erstellt am", "Generated on"), generatedOn),
                       (say("Erfüllte Kriterien", "Criteria met"), "\(metCount) / \(criteria.count)"),
                       (say("DSFA erforderlich", "DPIA required"), assessmentRequired ? say("ja", "yes") : say("nein", "no"))],
            language: language,
            sections: [.init(heading: say("Kriterien", "Criteria"), blocks: [.table(table)])])
    }
}
