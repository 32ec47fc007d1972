/// A range of bytes of a source: `length` bytes from absolute offset `offset`.
public struct SourceSpan: Sendable, Equatable, Hashable {
    /// Absolute offset of the first byte in the source.
    public var offset: UInt64
    /// Number of bytes.
    public var length: UInt64

    /// Creates a span.
    public init(offset: UInt64, length: UInt64) {
        self.offset = offset
        self.length = length
    }

    /// The offset just past the last byte.
    public var end: UInt64 { offset &+ length }
}

/// A string field of a record that the plugin handed over as invalid UTF-8 (the host repaired it
/// when storing). Reported only by sessions with ``ParserSession/inspectsStrings`` set.
public struct InvalidTextField: Sendable, Equatable {
    /// The source offset of the record the field belongs to.
    public var recordOffset: UInt64
    /// The field's ABI name (`calling`, `extra`, …).
    public var field: String

    /// Creates a finding.
    public init(recordOffset: UInt64, field: String) {
        self.recordOffset = recordOffset
        self.field = field
    }
}

/// A record the host refused because its local wall-clock times (`TB_TIME_LOCAL`) are out of
/// order once converted to UTC with the source's time zone. At import it becomes an
/// out-of-range reject (a PBX clock problem); the certification suite counts it as a broken
/// `corpus.field_sanity` rule, since corpus records are valid input.
public struct LocalTimeProblem: Sendable, Equatable {
    /// The source offset of the refused record.
    public var recordOffset: UInt64
    /// The time that is out of order: `end` or `answer`.
    public var field: String
    /// What is wrong (`end lies before start`), without values.
    public var message: String

    /// Creates a finding.
    public init(recordOffset: UInt64, field: String, message: String) {
        self.recordOffset = recordOffset
        self.field = field
        self.message = message
    }
}
