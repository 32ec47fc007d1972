import Crypto
import Foundation

/// The signed receipt of an erasure (P12): what was erased, what stays under legal hold and with
/// which basis, which data keys were destroyed, and the audit row that records it. It names the
/// subject only by a keyed pseudonym (participant) or a keyed hash (number).
///
/// The signature is Ed25519 over the canonical JSON of every field but `signature` (keys sorted,
/// no white space); the public key is embedded, so `tollbook erase verify` needs nothing else, and
/// `--public-key` pins the key the verifier trusts.
public struct ErasureReceipt: Sendable, Equatable {
    /// One item kept under legal hold: sums without numbers.
    public struct HeldItem: Sendable, Equatable {
        /// The hold's name (`billed private charges`).
        public var hold: String
        /// The category.
        public var category: String
        /// `YYYY-MM`.
        public var month: String
        /// Calls summed.
        public var calls: Int64
        /// Their cost, minor units.
        public var costMinor: Int64
        /// Currency.
        public var currency: String
        /// The legal basis.
        public var basis: String
        /// Kept until this month (`YYYY-MM`, exclusive).
        public var keptUntil: String
    }

    /// The format tag.
    public static let format = "tollbook-erasure-receipt-v1"
    /// A fresh UUID per request.
    public var requestID: String
    /// `participant` or `number`.
    public var scopeKind: String
    /// The subject's keyed pseudonym (the audit log's pseudonym of the same subject).
    public var subject: String
    /// The request's reason text, if given.
    public var reason: String?
    /// Calls deleted per category.
    public var deletedPerCategory: [String: Int]
    /// Fingerprints of the data keys destroyed.
    public var destroyedKeyFingerprints: [String]
    /// Calls that stayed and were re-encrypted under fresh keys.
    public var rekeyedCalls: Int
    /// Whether the org chart's personal fields of the participant were replaced by a pseudonym.
    public var orgChartPseudonymised: Bool
    /// Items under legal hold.
    public var legalHold: [HeldItem]
    /// The seq of the `erasure` audit row.
    public var auditSeq: Int64
    /// When, UTC (`2026-12-07T16:00:00Z`).
    public var time: String
    /// The signer's Ed25519 public key, base64 of the raw 32 bytes.
    public var publicKey: String
    /// The signature, base64.
    public var signature: String

    /// The fields that are signed, as a JSON object.
    func body() -> [String: Any] {
        [
            "format": Self.format, "request_id": requestID,
            "scope": ["kind": scopeKind, "subject": subject] as [String: Any],
            "reason": reason.map { $0 as Any } ?? NSNull(),
            "deleted": ["calls": deletedPerCategory.values.reduce(0, +), "per_category": deletedPerCategory] as [String: Any],
            "destroyed_key_fingerprints": destroyedKeyFingerprints, "rekeyed_calls": rekeyedCalls,
            "org_chart_pseudonymised": orgChartPseudonymised ? "yes" : "no",
            "legal_hold": legalHold.map { item -> [String: Any] in
                ["hold": item.hold, "category": item.category, "month": item.month, "calls": item.calls,
                 "cost_minor": item.costMinor, "currency": item.currency, "basis": item.basis, "kept_until": item.keptUntil]
            },
            "audit_seq": auditSeq, "time": time, "public_key": publicKey,
        ]
    }

    /// Canonical bytes of a JSON object: sorted keys, no white space, slashes unescaped.
    static func canonical(_ object: [String: Any]) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    /// Signs the receipt with `key` (sets ``publicKey`` and ``signature``).
    public mutating func sign(with key: Curve25519.Signing.PrivateKey) throws {
        publicKey = key.publicKey.rawRepresentation.base64EncodedString()
        signature = try key.signature(for: Self.canonical(body())).base64EncodedString()
    }

    /// The receipt file: pretty JSON of the body plus `signature`.
    public func fileBytes() throws -> Data {
        var object = body()
        object["signature"] = signature
        var data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    /// What ``verify(_:trustedPublicKey:)`` found.
    public enum Verification: Sendable, Equatable {
        /// The signature matches the content (and the trusted key, if given).
        case valid(requestID: String, auditSeq: Int64)
        /// Why not.
        case invalid(String)
    }

    /// Checks a receipt file's bytes: parseable, signed by its embedded key (which must equal
    /// `trustedPublicKey`, base64, when given), over exactly its content.
    public static func verify(_ bytes: Data, trustedPublicKey: String? = nil) -> Verification {
        guard let parsed = try? JSONSerialization.jsonObject(with: bytes), var object = parsed as? [String: Any] else {
            return .invalid("not a receipt (not a JSON object)")
        }
        guard object["format"] as? String == format else { return .invalid("not a receipt (format is not \(format))") }
        guard let signatureText = object.removeValue(forKey: "signature") as? String,
              let signature = Data(base64Encoded: signatureText) else { return .invalid("the signature is missing or not base64") }
        guard let keyText = object["public_key"] as? String, let keyRaw = Data(base64Encoded: keyText),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyRaw) else {
            return .invalid("the public key is missing or not an Ed25519 key")
        }
        if let trustedPublicKey, trustedPublicKey.trimmingCharacters(in: .whitespacesAndNewlines) != keyText {
            return .invalid("signed with a different key than the one given with --public-key")
        }
        guard let canonical = try? canonical(object), key.isValidSignature(signature, for: canonical) else {
            return .invalid("the signature does not match the content (the receipt was changed)")
        }
        return .valid(requestID: object["request_id"] as? String ?? "", auditSeq: (object["audit_seq"] as? NSNumber)?.int64Value ?? 0)
    }
}

/// The receipt signing key: an Ed25519 private key file (base64 of the raw key), mode 0600.
public enum ReceiptSigningKey {
    /// Writes a new key to `path` (mode 0600; an existing file is not overwritten) and returns its
    /// public key, base64.
    public static func generate(path: String) throws -> String {
        guard !FileManager.default.fileExists(atPath: path) else { throw RetentionError.io(path: path, reason: "already exists; not overwritten") }
        let key = Curve25519.Signing.PrivateKey()
        guard FileManager.default.createFile(atPath: path, contents: Data((key.rawRepresentation.base64EncodedString() + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw RetentionError.io(path: path, reason: "cannot be written")
        }
        return key.publicKey.rawRepresentation.base64EncodedString()
    }

    /// Reads the key at `path`; it must be mode 0600 (or stricter).
    public static func load(path: String) throws -> Curve25519.Signing.PrivateKey {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw RetentionError.signingKey(path: path, reason: "missing (create one with tollbook erase keygen --out \(path))")
        }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            throw RetentionError.signingKey(path: path, reason: "mode \(String(mode, radix: 8)) lets others read it; chmod 600")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw RetentionError.signingKey(path: path, reason: "not an Ed25519 private key (base64 of 32 bytes)")
        }
        return key
    }
}
