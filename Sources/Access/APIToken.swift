import Crypto
import Foundation

/// API tokens: 32 random bytes shown once as `tbk_<base64url>`; the store keeps only their SHA-256.
public enum APIToken {
    /// The prefix every token starts with (so secret scanners can find leaked ones).
    public static let prefix = "tbk_"

    /// A new random token.
    public static func generate() -> String {
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Array($0) }
        return prefix + base64url(bytes)
    }

    /// The SHA-256 of `token`, hex: what the store keeps and looks tokens up by.
    public static func digest(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Base64 with the URL alphabet and no padding.
    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
