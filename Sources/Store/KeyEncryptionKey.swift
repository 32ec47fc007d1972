import Crypto
import Foundation

/// The key-encryption key (KEK) of an encrypted store: 32 random bytes kept in a file outside the
/// database (64 hex digits, mode 0600). It wraps the store's data keys (together with the current
/// key epoch, see ``KeyEpochFile``) and the store's index and pseudonym keys; the store keeps
/// only a check value of it, so that a wrong key is refused before anything is read or written.
public struct KeyEncryptionKey: Sendable {
    /// The key's bytes.
    private let bytes: [UInt8]
    /// The key.
    var key: SymmetricKey { SymmetricKey(data: bytes) }
    /// The file it was read from; its key epochs live next to it (`<path>.epochs`).
    public let path: String

    /// The key from its 32 bytes, as if read from `path`.
    /// - Throws: ``StoreEncryptionError/badKeyFile(path:reason:)`` unless there are exactly 32 bytes.
    init(bytes: [UInt8], path: String) throws {
        guard bytes.count == 32 else {
            throw StoreEncryptionError.badKeyFile(path: path, reason: "a key is 32 bytes (64 hex digits), found \(bytes.count) bytes")
        }
        self.bytes = bytes
        self.path = path
    }

    /// Reads the KEK file at `path`: 64 hex digits (a trailing newline is allowed), mode 0600
    /// (readable by its owner only).
    /// - Throws: ``StoreEncryptionError/badKeyFile(path:reason:)`` naming what is wrong (missing,
    ///   mode, content); never the key itself.
    public static func load(path: String) throws -> KeyEncryptionKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw StoreEncryptionError.badKeyFile(path: path, reason: "cannot read it (\(String(cString: strerror(errno))))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw StoreEncryptionError.badKeyFile(
                path: path, reason: "its mode is \(String(mode, radix: 8)); a key file must be readable by its owner only (chmod 600)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreEncryptionError.badKeyFile(path: path, reason: "cannot read it")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = HexBytes.decode(text) else {
            throw StoreEncryptionError.badKeyFile(path: path, reason: "it must hold 64 hex digits (as written by `tollbook keys init`)")
        }
        return try KeyEncryptionKey(bytes: bytes, path: path)
    }

    /// Creates a new KEK file at `path` (mode 0600) with 32 random bytes; refuses to overwrite.
    /// - Throws: ``StoreEncryptionError/keyFileExists(path:)`` or ``StoreEncryptionError/badKeyFile(path:reason:)``.
    public static func create(path: String) throws -> KeyEncryptionKey {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw StoreEncryptionError.keyFileExists(path: path) }
            throw StoreEncryptionError.badKeyFile(path: path, reason: "cannot create it (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        let text = Array((HexBytes.encode(bytes) + "\n").utf8)
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == text.count, fsync(descriptor) == 0 else {
            throw StoreEncryptionError.badKeyFile(path: path, reason: "cannot write it (\(String(cString: strerror(errno))))")
        }
        return try KeyEncryptionKey(bytes: bytes, path: path)
    }

    /// A fingerprint to tell keys apart (16 hex digits of an HMAC of a constant; reveals nothing of the key).
    public var fingerprint: String {
        HexBytes.encode(Array(HMAC<SHA256>.authenticationCode(for: Array("tollbook kek fingerprint v1".utf8), using: key).prefix(8)))
    }

    /// The check value the store keeps to recognise its KEK.
    var checkValue: [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array("tollbook kek check v1".utf8), using: key))
    }
}

/// Lowercase hex of bytes and back.
enum HexBytes {
    /// Lowercase hex digits of `bytes`.
    static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of an even number of hex digits, or `nil`.
    static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(utf8[index]), let low = value(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

/// The key epochs of a KEK: `<kek path>.epochs`, mode 0600, one line `<number> <64 hex digits>`
/// per epoch. The data keys in the database are wrapped under a key derived from the KEK *and* the
/// store's current epoch secret; every crypto-shred moves the store to a new epoch (re-wrapping the
/// live data keys) and deletes the old epoch's secret from this file, so that a copy of the
/// database taken before the shred (a backup) can no longer unwrap any of its data keys with
/// the current key material.
struct KeyEpochFile {
    /// The file's path.
    let path: String

    /// The epoch file of `kek`.
    init(kek: KeyEncryptionKey) {
        path = kek.path + ".epochs"
    }

    /// The epochs in the file (empty when it does not exist).
    /// - Throws: ``StoreEncryptionError/badKeyFile(path:reason:)`` for a bad mode or line.
    func read() throws -> [Int64: SymmetricKey] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 == 0 else {
            throw StoreEncryptionError.badKeyFile(path: path, reason: "a key epoch file must be readable by its owner only (chmod 600)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreEncryptionError.badKeyFile(path: path, reason: "cannot read it")
        }
        var epochs: [Int64: SymmetricKey] = [:]
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let number = Int64(parts[0]), let bytes = HexBytes.decode(String(parts[1])), bytes.count == 32 else {
                throw StoreEncryptionError.badKeyFile(path: path, reason: "line \(index + 1) is not `<epoch> <64 hex digits>`")
            }
            epochs[number] = SymmetricKey(data: bytes)
        }
        return epochs
    }

    /// Replaces the file with `epochs` (written to a temporary file, synced, renamed over it).
    func write(_ epochs: [Int64: SymmetricKey]) throws {
        let text = epochs.keys.sorted().map { number in
            "\(number) " + (epochs[number].map { key in key.withUnsafeBytes { HexBytes.encode($0) } } ?? "")
        }.joined(separator: "\n") + "\n"
        let temporary = path + ".tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw StoreEncryptionError.badKeyFile(path: path, reason: "cannot write it (\(String(cString: strerror(errno))))")
        }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StoreEncryptionError.badKeyFile(path: path, reason: "cannot write it (\(String(cString: strerror(errno))))")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}

/// Errors of an encrypted store. Messages name files, key ids and fingerprints, never a key or a
/// decrypted value.
public enum StoreEncryptionError: Error, CustomStringConvertible, Equatable {
    /// The store is encrypted and was opened without its key-encryption key.
    case keyRequired(path: String)
    /// The key-encryption key given is not the store's.
    case wrongKey(path: String, fingerprint: String)
    /// A KEK file or key epoch file is missing, has a bad mode or bad content.
    case badKeyFile(path: String, reason: String)
    /// `tollbook keys init` would overwrite an existing key file.
    case keyFileExists(path: String)
    /// A store that already holds plaintext calls cannot be switched to encryption.
    case plaintextStoreHasCalls(path: String)
    /// The key epoch file does not hold the secret the store's data keys are wrapped under, nor a newer one.
    case epochMissing(path: String, epoch: Int64)
    /// A data key was destroyed (crypto-shredded) or cannot be unwrapped with the current key
    /// material (e.g. a backup copy from before a shred).
    case dataKeyUnavailable(keyID: Int64)
    /// A sealed value failed authentication (tampered, or moved from another row).
    case decryptionFailed(table: String, rowID: Int64)
    /// The store is encrypted and this connection was opened for non-call tables only.
    case callDataLocked(path: String)
    /// OpenSSL could not set up or run AES-256-GCM or SHA-256 (out of memory, or a libcrypto without them).
    case cipherUnavailable(reason: String)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .keyRequired(path):
            return "database \(path) is encrypted: configure privacy.encryption.key_file with its key file (refusing to start without it)"
        case let .wrongKey(path, fingerprint):
            return "the key file (fingerprint \(fingerprint)) is not the key of encrypted database \(path) (refusing to start)"
        case let .badKeyFile(path, reason):
            return "key file \(path): \(reason)"
        case let .keyFileExists(path):
            return "key file \(path) already exists; refusing to overwrite a key (move it away first if you really mean to)"
        case let .plaintextStoreHasCalls(path):
            return "database \(path) already holds unencrypted calls; encryption can only be switched on for a new database"
        case let .epochMissing(path, epoch):
            return "key epoch file \(path) lacks the store's key epoch \(epoch) (refusing to start)"
        case let .dataKeyUnavailable(keyID):
            return "data key \(keyID) has been destroyed or cannot be unwrapped with the current key material"
        case let .decryptionFailed(table, rowID):
            return "sealed data of \(table) row \(rowID) failed authentication (tampered or moved between rows)"
        case let .callDataLocked(path):
            return "database \(path) is encrypted: call data needs the key-encryption key"
        case let .cipherUnavailable(reason):
            return "encryption at rest is unavailable: \(reason) (libcrypto)"
        }
    }
}
