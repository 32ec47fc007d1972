import Store
import TollbookConfiguration

extension ConfigurationFile {
    /// How this configuration opens the call store: with `privacy.encryption.key_file`, the
    /// key-encryption key read from that file (mode 0600 checked); without, no key — an encrypted
    /// store then refuses to open (fail closed).
    /// - Throws: ``StoreEncryptionError/badKeyFile(path:reason:)``.
    public func storeKeyAccess() throws -> StoreKeyAccess {
        guard let encryption = privacy.encryption else { return .none }
        return .key(try KeyEncryptionKey.load(path: encryption.keyFile))
    }
}

extension Optional where Wrapped == ConfigurationFile {
    /// ``ConfigurationFile/storeKeyAccess()``, or no key without a configuration.
    public func storeKeyAccess() throws -> StoreKeyAccess {
        try self?.storeKeyAccess() ?? .none
    }
}
