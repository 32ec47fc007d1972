/// A destination zone: a name, a class and the E.164 prefixes (or short codes) it owns.
public struct Zone: Sendable, Hashable {
    /// Zone id as written in `[zone ID]`.
    public let id: String
    /// Destination name (defaults to the id).
    public let name: String
    /// Class such as `national`, `mobile`, `international` (informational).
    public let zoneClass: String
    /// The prefixes, as written.
    public let prefixes: [String]
    let index: Int
}
