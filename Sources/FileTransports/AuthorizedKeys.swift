import CSSH
import Foundation

/// An OpenSSH `authorized_keys` file, read on every login so edits apply without a restart.
struct AuthorizedKeys {
    /// The file.
    let path: String

    /// Whether `offered` (the client's public key) is one of the file's keys.
    /// Lines may start with options (`from="…" ssh-ed25519 AAAA… comment`); options are not enforced.
    func contains(_ offered: ssh_key) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let tokens = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            // The key type is the first token libssh knows; the base64 blob follows it.
            guard let typeIndex = tokens.firstIndex(where: { ssh_key_type_from_name($0) != SSH_KEYTYPE_UNKNOWN }),
                  typeIndex + 1 < tokens.count else { continue }
            var key: ssh_key?
            let type = ssh_key_type_from_name(tokens[typeIndex])
            guard ssh_pki_import_pubkey_base64(tokens[typeIndex + 1], type, &key) == SSH_OK, let key else { continue }
            defer { ssh_key_free(key) }
            if ssh_key_cmp(key, offered, SSH_KEY_CMP_PUBLIC) == 0 { return true }
        }
        return false
    }
}
