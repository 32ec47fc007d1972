/// The result of ``JournalVerifier/verify(directory:)``: what the journal holds and what is wrong with it.
public struct JournalVerification: Sendable, Equatable {
    /// One problem: where it is and what it is.
    public struct Problem: Sendable, Equatable {
        /// The segment file name (or another file's name); empty for the directory itself.
        public var segment: String
        /// The byte offset in that file (0 for the file as a whole).
        public var offset: Int64
        /// What is wrong.
        public var problem: String

        /// Creates a problem.
        public init(segment: String, offset: Int64, problem: String) {
            self.segment = segment
            self.offset = offset
            self.problem = problem
        }
    }

    /// The directory verified.
    public var directory: String
    /// Segment files.
    public var segments = 0
    /// Whole, intact entries.
    public var entries = 0
    /// Payload bytes in those entries.
    public var bytes: Int64 = 0
    /// Size of the segment files on disk (headers included).
    public var fileBytes: Int64 = 0
    /// Streams begun (entries with `.begin`).
    public var streams = 0
    /// The first entry's seq.
    public var firstSeq: UInt64?
    /// The last entry's seq.
    public var lastSeq: UInt64?
    /// The first entry's receive time (UTC ms).
    public var firstReceivedMs: Int64?
    /// The last entry's receive time (UTC ms).
    public var lastReceivedMs: Int64?
    /// Everything wrong, in file order. Empty for a sound journal.
    public var problems: [Problem] = []

    /// Creates an empty result for `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Whether no problem was found.
    public var isSound: Bool { problems.isEmpty }
}
