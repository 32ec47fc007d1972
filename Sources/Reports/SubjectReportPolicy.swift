import Access
import TollbookConfiguration
import TollbookCore

/// What the Art. 15 report says about the processing that the configuration does not (yet) hold:
/// the purposes, who can see call data, and the retention per category.
public enum SubjectReportPolicy {
    /// The purposes of the processing (the product's, as in the works-agreement annex).
    public static let purposes = [
        "determining and allocating telephone costs to cost centres",
        "billing private calls to the employee",
        "checking carrier invoices",
        "investigating a founded suspicion of misuse, only after a four-eyes approval (works council or DPO)",
    ]

    /// The detail retention per category: `privacy.retention`'s default rule (the rule of every
    /// person group without one of its own), else the specification's defaults — private and PIN
    /// detail 3 months, business and project detail 6 months.
    public static func retention(_ configuration: ConfigurationFile?) -> [(category: CallCategory, period: String)] {
        let rule = configuration?.privacy.retention.defaultRule ?? .defaults
        return CallCategory.allCases.map { category in
            let period = rule.detail[category.rawValue] ?? RetentionRule.defaults.detail[category.rawValue]
            return (category, period?.description ?? (category.isPrivate ? "3 months" : "6 months"))
        }
    }

    /// The roles that can see a person's call data, with what they see (roles without call
    /// permissions are left out).
    public static func recipients(_ roles: [Role]) -> [[String]] {
        roles.compactMap { role in
            if role.permissions.contains(.callsReadAll) { return [role.name, "every call"] }
            if role.permissions.contains(.callsReadScope) {
                return [role.name, "calls of the org units in the user's scope, per the privacy package"]
            }
            if role.permissions.contains(.callsReadOwn) { return [role.name, "only the user's own calls"] }
            return nil
        }
    }
}
