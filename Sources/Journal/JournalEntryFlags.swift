/// Where an entry stands in its stream (a file, a TCP connection, an HTTP body).
///
/// Stored as a little-endian `UInt16` in the entry header; bits other than these are reserved (0).
public struct JournalEntryFlags: OptionSet, Sendable, Hashable {
    /// The raw bits as stored.
    public let rawValue: UInt16

    /// Creates flags from stored bits.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// The first entry of a stream: its sequence number is the stream id.
    public static let begin = JournalEntryFlags(rawValue: 1 << 0)
    /// The last entry of a stream (the file ended, the connection closed).
    public static let end = JournalEntryFlags(rawValue: 1 << 1)

    /// The payload is sealed (AES-256-GCM under the store's journal key; encryption at rest).
    public static let sealed = JournalEntryFlags(rawValue: 1 << 2)

    /// Every bit the format defines.
    static let known: JournalEntryFlags = [.begin, .end, .sealed]
}
