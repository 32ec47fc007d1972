/// The fixed fields of one journal entry, as returned by ``JournalReader``.
public struct JournalEntryHeader: Sendable, Hashable {
    /// The entry's sequence number: global in the journal, increasing by one, the first is 1.
    public var seq: UInt64
    /// The stream the entry belongs to: the sequence number of the stream's first entry.
    public var stream: UInt64
    /// When the transport received the bytes: UTC milliseconds since the Unix epoch. Never less
    /// than the previous entry's (the writer does not let a clock stepped back reorder the journal).
    public var receivedMs: Int64
    /// Whether the entry begins and/or ends its stream.
    public var flags: JournalEntryFlags
    /// Where the bytes came from (file name, peer address); usually only set on `begin` entries.
    public var origin: String
    /// The number of payload bytes.
    public var payloadLength: Int

    /// Creates a header.
    public init(seq: UInt64, stream: UInt64, receivedMs: Int64, flags: JournalEntryFlags, origin: String, payloadLength: Int) {
        self.seq = seq
        self.stream = stream
        self.receivedMs = receivedMs
        self.flags = flags
        self.origin = origin
        self.payloadLength = payloadLength
    }
}
