import Crypto
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The audit log's secret: 256 bits kept in a file outside the database (64 hex digits), readable
/// by its owner only. Rows are MACed with it; subjects are pseudonymised with a key derived from it.
public struct AuditKey: Sendable {
    /// The file it was read from.
    public let path: String
    /// The key bytes (`SymmetricKey` is not `Sendable`; keys are made from these on use).
    private let macKeyBytes: [UInt8]
    private let pseudonymKeyBytes: [UInt8]
    private var macKey: SymmetricKey { SymmetricKey(data: macKeyBytes) }
    private var pseudonymKey: SymmetricKey { SymmetricKey(data: pseudonymKeyBytes) }

    /// A key from raw bytes (32 of them), for tests and tools.
    init(path: String, bytes: [UInt8]) {
        self.path = path
        macKeyBytes = bytes
        // A separate key for pseudonyms, so a pseudonym never equals a row MAC input's MAC.
        let derived = HMAC<SHA256>.authenticationCode(for: Array("tollbook audit subject pseudonym v1".utf8),
                                                      using: SymmetricKey(data: bytes))
        pseudonymKeyBytes = Array(derived)
    }

    /// Reads the key file at `path`; when it does not exist and `create` is set, creates it with a
    /// new random key and mode 0600.
    /// - Throws: ``AccessError/auditKey(path:reason:)`` when it is missing, readable by others
    ///   (group or world bits set), or does not hold 64 hex digits.
    public static func load(path: String, create: Bool) throws -> AuditKey {
        if !FileManager.default.fileExists(atPath: path) {
            guard create else {
                throw AccessError.auditKey(path: path, reason: "missing; restore it from the backup it was saved to "
                                           + "(without it the audit log cannot be verified or continued)")
            }
            try write(path: path)
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw AccessError.auditKey(path: path, reason: "cannot be read") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw AccessError.auditKey(path: path, reason: "is not a regular file") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw AccessError.auditKey(path: path, reason: "has mode \(String(mode, radix: 8).leftPadded(4)); it must be "
                                       + "readable by its owner only (chmod 600 \(path))")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AccessError.auditKey(path: path, reason: "cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = hexBytes(text), bytes.count == 32 else {
            throw AccessError.auditKey(path: path, reason: "must hold 64 hex digits (a 256-bit key)")
        }
        return AuditKey(path: path, bytes: bytes)
    }

    /// Creates the file exclusively with mode 0600 and a new key.
    private static func write(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw AccessError.auditKey(path: path, reason: "cannot be created (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let text = Array((key.map { String(format: "%02x", $0) }.joined() + "\n").utf8)
        let written = text.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == text.count, fsync(fd) == 0 else {
            unlink(path)
            throw AccessError.auditKey(path: path, reason: "cannot be written")
        }
    }

    /// The MAC of a row, hex.
    func mac(_ input: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: input, using: macKey).map { String(format: "%02x", $0) }.joined()
    }

    /// The keyed pseudonym of a subject: `ps_` and 32 hex digits. The same subject always gets the
    /// same pseudonym under one key; without the key it cannot be reversed or recomputed.
    public func pseudonym(_ subject: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(subject.utf8), using: pseudonymKey)
        return "ps_" + code.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case 48...57: return digit - 48
            case 97...102: return digit - 87
            case 65...70: return digit - 55
            default: return nil
            }
        }
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
