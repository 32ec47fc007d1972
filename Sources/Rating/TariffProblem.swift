/// One problem found in a tariff file, with where it is.
public struct TariffProblem: Sendable, Hashable, CustomStringConvertible {
    /// How bad a problem is.
    public enum Severity: String, Sendable, Hashable {
        /// The file cannot be used; ``TariffFile/parse(contents:fileName:)`` throws.
        case error
        /// The file works but some calls will be unrated (e.g. a gap in the week).
        case warning
    }

    /// The file name given to the parser.
    public let file: String
    /// 1-based line number (0 when the problem concerns the whole file).
    public let line: Int
    /// The key (or `[section]`) the problem is about.
    public let key: String
    /// What is wrong, in words.
    public let message: String
    /// Error or warning.
    public let severity: Severity

    /// Creates a problem.
    public init(file: String, line: Int, key: String, message: String, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
        self.severity = severity
    }

    /// `file:line: error: key: message`, the form `tollbook tariffs check` prints.
    public var description: String { "\(file):\(line): \(severity.rawValue): \(key): \(message)" }
}

/// Why a tariff file could not be loaded.
public enum TariffFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file has errors; `problems` lists all problems found (errors and warnings).
    case invalid(problems: [TariffProblem])

    /// All problems, one per line.
    public var description: String {
        switch self {
        case .invalid(let problems): return problems.map(\.description).joined(separator: "\n")
        }
    }

    /// The problems.
    public var problems: [TariffProblem] {
        switch self {
        case .invalid(let problems): return problems
        }
    }
}
