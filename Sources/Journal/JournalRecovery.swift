/// What a writer cut off the end of the last segment when it opened the directory: the bytes of
/// an append a crash interrupted (never acknowledged), or a damaged tail.
public struct JournalRecovery: Sendable, Equatable {
    /// The segment file name.
    public var segment: String
    /// Where the cut-off bytes began (the end of the last whole entry).
    public var offset: Int64
    /// How many bytes were cut off.
    public var discardedBytes: Int64
    /// What was found there.
    public var problem: String
    /// The file beside the segment that keeps the cut-off bytes (`<segment>.<offset>.discarded`),
    /// or `nil` if the file header itself was rewritten.
    public var savedAs: String?

    /// Creates a recovery report.
    public init(segment: String, offset: Int64, discardedBytes: Int64, problem: String, savedAs: String?) {
        self.segment = segment
        self.offset = offset
        self.discardedBytes = discardedBytes
        self.problem = problem
        self.savedAs = savedAs
    }
}
