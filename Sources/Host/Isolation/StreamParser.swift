/// A parser of one stream: a plugin's parser in this process (``ParserSession``), in a worker
/// process (``WorkerParserSession``) or either behind crash isolation (``IsolatedStreamParser``).
public protocol StreamParser: AnyObject {
    /// Passes a window of the stream, starting at byte ``consumedBytes``; returns how many bytes
    /// were consumed (the caller passes the rest again, followed by new bytes). With `isEnd`,
    /// everything counts as consumed.
    /// - Throws: ``HostError`` (or a worker's failure) when parsing cannot go on.
    func consume(_ window: UnsafeRawBufferPointer, isEnd: Bool) throws -> Int
    /// The records, rejects and skipped spans produced since the last call.
    func takeOutput() -> ParserOutput
    /// Total bytes of the stream dealt with so far.
    var consumedBytes: UInt64 { get }
}

extension ParserSession: StreamParser {}
