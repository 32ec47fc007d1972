import CSSH
import Foundation

/// The SFTP server's host key file: loaded, or generated (Ed25519, mode 0600) when missing.
enum SSHHostKey {
    /// Makes sure a private key exists at `path` and returns its public key's `SHA256:` fingerprint.
    static func ensure(at path: String) throws -> String {
        if !FileManager.default.fileExists(atPath: path) { try generate(at: path) }
        var key: ssh_key?
        guard ssh_pki_import_privkey_file(path, nil, nil, nil, &key) == SSH_OK, let key else {
            throw FileTransportError.hostKey(path: path, reason: "not a readable unencrypted OpenSSH private key")
        }
        defer { ssh_key_free(key) }
        guard let fingerprint = fingerprint(of: key) else {
            throw FileTransportError.hostKey(path: path, reason: "cannot compute the key's fingerprint")
        }
        return fingerprint
    }

    /// Generates an Ed25519 key and writes it to `path`, created with mode 0600 (never world-readable).
    static func generate(at path: String) throws {
        var key: ssh_key?
        guard ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) == SSH_OK, let key else {
            throw FileTransportError.hostKey(path: path, reason: "cannot generate an Ed25519 key")
        }
        defer { ssh_key_free(key) }
        var base64: UnsafeMutablePointer<CChar>?
        guard ssh_pki_export_privkey_base64(key, nil, nil, nil, &base64) == SSH_OK, let base64 else {
            throw FileTransportError.hostKey(path: path, reason: "cannot export the generated key")
        }
        defer { ssh_string_free_char(base64) }
        var text = String(cString: base64)
        if !text.hasSuffix("\n") { text += "\n" }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw FileTransportError.hostKey(path: path, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw FileTransportError.hostKey(path: path, reason: "cannot write the generated key")
        }
    }

    /// The OpenSSH-style `SHA256:…` fingerprint of a (public or private) key.
    static func fingerprint(of key: ssh_key) -> String? {
        var hash: UnsafeMutablePointer<UInt8>?
        var length = 0
        guard ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) == SSH_OK, let hash else { return nil }
        defer {
            var pointer: UnsafeMutablePointer<UInt8>? = hash
            ssh_clean_pubkey_hash(&pointer)
        }
        guard let text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length) else { return nil }
        defer { ssh_string_free_char(text) }
        return String(cString: text)
    }
}
