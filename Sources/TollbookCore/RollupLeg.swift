/// Roll-up building blocks shared by the query layer's maintenance read and the builder
/// (`docs/rollups.md`).

/// FNV-1a 64 of text, never 0 for non-empty text (0 stands for the empty string): how the
/// roll-up builder compares names and numbers without keeping strings.
public enum RollupHash {
    /// The hash of UTF-8 bytes.
    @inline(__always)
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard !bytes.isEmpty else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash == 0 ? 1 : hash
    }

    /// The hash of a string.
    @inline(__always)
    public static func of(_ text: String) -> UInt64 {
        guard !text.isEmpty else { return 0 }
        var copy = text
        return copy.withUTF8 { of(UnsafeRawBufferPointer($0)) }
    }
}

/// A leg as the roll-up builder works on it: times and codes as they are, text as hashes.
public struct RollupLeg: Sendable {
    /// The store's id (orders legs of equal start).
    public var id: Int64
    /// Hash of the correlation id; 0: a call of its own.
    public var correlation: UInt64
    /// Seizure, UTC ms.
    public var startMs: Int64
    /// Connect, UTC ms; `Int64.min`: never connected.
    public var answerMs: Int64
    /// Release, UTC ms.
    public var endMs: Int64
    /// Ring time as written.
    public var ringMs: Int64
    /// Talk time.
    public var talkMs: Int64
    /// Direction.
    public var direction: Direction
    /// Disposition.
    public var disposition: Disposition
    /// Markers.
    public var flags: CallFlags
    /// Hash of the hunt group the PBX named.
    public var group: UInt64
    /// Hash of the local extension.
    public var localExtension: UInt64
    /// Hash of the called number.
    public var called: UInt64
    /// Hash of the originally dialled number.
    public var originalCalled: UInt64
    /// Hash of the trunk.
    public var trunk: UInt64
    /// Hash of the source name.
    public var source: UInt64
    /// Stable key of the other party's external number; `Int64.min`: none.
    public var remoteKey: Int64

    /// Creates a leg from its parts.
    public init(id: Int64, correlation: UInt64, startMs: Int64, answerMs: Int64, endMs: Int64, ringMs: Int64, talkMs: Int64,
                direction: Direction, disposition: Disposition, flags: CallFlags, group: UInt64, localExtension: UInt64,
                called: UInt64, originalCalled: UInt64, trunk: UInt64, source: UInt64, remoteKey: Int64) {
        self.id = id
        self.correlation = correlation
        self.startMs = startMs
        self.answerMs = answerMs
        self.endMs = endMs
        self.ringMs = ringMs
        self.talkMs = talkMs
        self.direction = direction
        self.disposition = disposition
        self.flags = flags
        self.group = group
        self.localExtension = localExtension
        self.called = called
        self.originalCalled = originalCalled
        self.trunk = trunk
        self.source = source
        self.remoteKey = remoteKey
    }
}
