import HummingbirdBcrypt

/// bcrypt password hashing (hummingbird-auth's `Bcrypt`): every hash has its own random salt and
/// carries its cost, so hashes made with an older cost still verify.
public struct PasswordHasher: Sendable {
    /// log2 of the rounds, 4…31.
    public let cost: Int

    /// A hasher with `cost` (clamped to bcrypt's 4…31).
    public init(cost: Int) {
        self.cost = min(31, max(4, cost))
    }

    /// A new salted hash of `password`.
    public func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: UInt8(cost))
    }

    /// Whether `password` matches `hash` (a malformed hash never matches).
    public func verify(_ password: String, hash: String) -> Bool {
        guard hash.hasPrefix("$2") else { return false }
        return Bcrypt.verify(password, hash: hash)
    }
}
