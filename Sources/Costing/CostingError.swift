/// Why costs cannot be computed.
public enum CostingError: Error, Equatable, CustomStringConvertible {
    /// A package assignment names an org node that does not exist.
    case unknownNode(package: String, path: String, line: Int)
    /// A package assignment names a participant that does not exist.
    case unknownParticipant(package: String, line: Int)
    /// A package's currency differs from the report's.
    case currencyMismatch(package: String, currency: String, expected: String)
    /// The period is empty or reversed.
    case emptyPeriod

    public var description: String {
        switch self {
        case let .unknownNode(package, path, line):
            return "package '\(package)' (line \(line)): no org node has the path '\(path)'"
        case let .unknownParticipant(package, line):
            return "package '\(package)' (line \(line)): no participant has that employee id or e-mail"
        case let .currencyMismatch(package, currency, expected):
            return "package '\(package)' is in \(currency), the report in \(expected)"
        case .emptyPeriod:
            return "the period is empty: --to must be after --from"
        }
    }
}
