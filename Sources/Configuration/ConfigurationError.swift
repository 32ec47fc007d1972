/// A problem in a configuration file, located by file, line and key. Messages never quote values
/// that could be personal data (numbers are configuration, not call data, so they may appear).
public struct ConfigurationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file's path.
    public var file: String
    /// 1-based line of the offending key or value (0 when the file could not be read at all).
    public var line: Int
    /// Dotted path of the key, e.g. `sites[0].numbering.country_code`.
    public var key: String
    /// What is wrong.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: key: message`, the form editors and CI logs understand.
    public var description: String {
        key.isEmpty ? "\(file):\(line): \(message)" : "\(file):\(line): \(key): \(message)"
    }
}
