import Rating

/// Why a site's pricing could not be set up. Every case names where to look.
public enum PricingSetupError: Error, CustomStringConvertible, Equatable {
    /// The site's numbering plan is not valid.
    case numberingPlan(site: String, problem: String)
    /// A provider the site uses has no tariff file.
    case missingTariff(site: String, provider: String, path: String)
    /// A tariff file has errors (each names file, line and key).
    case invalidTariff(path: String, problems: [String])
    /// Two tariff files of the folder claim one provider id or one access code.
    case tariffClash(directory: String, problems: [String])

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .numberingPlan(site, problem):
            return "site '\(site)': numbering plan: \(problem)"
        case let .missingTariff(site, provider, path):
            return "site '\(site)' uses provider '\(provider)', but \(path) does not exist"
        case let .invalidTariff(path, problems):
            return "\(path) has errors:\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        case let .tariffClash(directory, problems):
            return "the tariffs in \(directory) clash:\n" + problems.map { "  " + $0 }.joined(separator: "\n")
        }
    }
}
