import Foundation

/// The bearer token of the operations endpoint (`service.ops_token_file`): created at first start
/// with mode 0600 (64 hex digits from the system's random source), read by `tollbook sites`.
public enum OpsToken {
    /// Reads the token, creating the file when it does not exist.
    /// - Throws: ``CaptureError/opsToken(path:reason:)`` when the file cannot be created or read,
    ///   is empty, or can be read by other users than its owner.
    public static func loadOrCreate(path: String) throws -> String {
        if !FileManager.default.fileExists(atPath: path) {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                     withIntermediateDirectories: true)
            var generator = SystemRandomNumberGenerator()
            let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                let bytes = Array((token + "\n").utf8)
                let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                fsync(descriptor)
                close(descriptor)
                guard written == bytes.count else { throw CaptureError.opsToken(path: path, reason: "cannot be written") }
            } else if errno != EEXIST {
                throw CaptureError.opsToken(path: path, reason: "cannot be created (\(String(cString: strerror(errno))))")
            }
        }
        return try load(path: path)
    }

    /// Reads an existing token file.
    /// - Throws: ``CaptureError/opsToken(path:reason:)``.
    public static func load(path: String) throws -> String {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CaptureError.opsToken(path: path, reason: "cannot be read (\(String(cString: strerror(errno))))")
        }
        guard info.st_mode & 0o077 == 0 else {
            throw CaptureError.opsToken(path: path, reason: "can be read by other users (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 on it")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CaptureError.opsToken(path: path, reason: "cannot be read (permission denied)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.count >= 16, !token.contains(where: { $0.isWhitespace }) else {
            throw CaptureError.opsToken(path: path, reason: "holds no token (at least 16 characters without spaces)")
        }
        return token
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func matches(_ presented: String, _ expected: String) -> Bool {
        let a = Array(presented.utf8), b = Array(expected.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<b.count { difference |= (index < a.count ? a[index] : 0) ^ b[index] }
        return difference == 0
    }
}
