import Crypto
import Foundation

/// Seals the raw journal's payloads of an encrypted store (AES-256-GCM, associated data
/// `journal|payload`) under the store's journal key, which `store_meta` keeps wrapped by the KEK
/// (re-wrapped by a rotation). Thread-safe: the key is immutable and every operation is pure.
public final class JournalCipher: @unchecked Sendable {
    private let key: SymmetricKey
    private static let aad = Array("journal|payload".utf8)

    init(key: SymmetricKey) {
        self.key = key
    }

    /// Nonce, ciphertext and tag of `payload`.
    public func seal(_ payload: UnsafeRawBufferPointer) throws -> [UInt8] {
        Array(try AES.GCM.seal(payload, using: key, authenticating: Self.aad).combined ?? Data())
    }

    /// The payload of a sealed entry.
    /// - Throws: ``StoreEncryptionError/decryptionFailed(table:rowID:)`` (table `journal`, the entry's sequence number).
    public func open(_ sealed: UnsafeRawBufferPointer, seq: UInt64) throws -> [UInt8] {
        do {
            return Array(try AES.GCM.open(AES.GCM.SealedBox(combined: Data(sealed)), using: key, authenticating: Self.aad))
        } catch {
            throw StoreEncryptionError.decryptionFailed(table: "journal", rowID: Int64(bitPattern: seq))
        }
    }
}

extension CallStore {
    /// The cipher of the raw journal for an encrypted store (its key is created on first use);
    /// `nil` for a plaintext store.
    public func journalCipher() throws -> JournalCipher? {
        try checkCallDataUnlocked()
        guard let keyring else { return nil }
        let meta = try StoreKeyring.readMeta(database)
        if let wrapped = meta[StoreKeyring.Meta.journalKey] {
            return JournalCipher(key: try StoreKeyring.unwrapMeta(wrapped, name: StoreKeyring.Meta.journalKey, kek: keyring.kek,
                                                                  path: database.path))
        }
        let key = SymmetricKey(size: .bits256)
        try write { _ in
            try StoreKeyring.writeMeta(database, StoreKeyring.Meta.journalKey,
                                       try StoreKeyring.wrapMeta(key, name: StoreKeyring.Meta.journalKey, kek: keyring.kek))
        }
        return JournalCipher(key: key)
    }
}
