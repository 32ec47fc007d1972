/// `privacy: encryption:` — encryption at rest (privacy spec P14). With it, the store's personal
/// columns are sealed under data keys wrapped by the key-encryption key in `key_file`.
public struct PrivacyEncryptionConfiguration: Sendable, Equatable {
    /// `key_file`: the key-encryption key's file (64 hex digits, mode 0600; `tollbook keys init`
    /// creates it), resolved against the configuration file's folder.
    public var keyFile: String
    /// Line of the `encryption:` key in its file.
    public var line: Int

    /// Creates the settings.
    public init(keyFile: String, line: Int = 0) {
        self.keyFile = keyFile
        self.line = line
    }
}
