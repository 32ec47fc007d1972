import Crypto
import Foundation
import Host
import TollbookCore

/// What the parsing thread hands to the storing thread: the records of one chunk (prepared by the
/// pipeline's stages), how far into the file it has read, and — with the last chunk — the file's
/// SHA-256 (hex).
struct ParsedChunk: Sendable {
    var batch: IngestBatch
    let bytesRead: Int64
    let sha256: String?

    init(_ output: ParserOutput, bytesRead: Int64, sha256: String?) {
        batch = IngestBatch(calls: output.calls, rejects: output.rejects, skipped: output.skipped)
        self.bytesRead = bytesRead
        self.sha256 = sha256
    }
}

/// Reads a file in chunks, hashes it and feeds it to a plugin on a thread of its own, handing each
/// chunk's records and rejects to a ``BatchChannel``. The parser is created, fed and destroyed on
/// this thread only, so plugin calls for one parser are never concurrent.
///
/// `@unchecked Sendable`: the object is handed to its thread once and then used only there; its
/// stored properties are constants. The pipeline's `prepare` hooks run only on this thread; the
/// storing thread runs only the `write` hooks, on chunks it took from the channel (whose lock
/// orders the two).
final class ParsingThread: @unchecked Sendable {
    private let handle: FileHandle
    private let path: String
    private let plugin: PluginLibrary
    private let optionsJSON: String
    private let sourceName: String
    private let converter: WallClockConverter
    private let channel: BatchChannel<ParsedChunk>
    private let isolation: ParserIsolation
    /// The longest record the plugin may leave unfinished (`--max-record-mb`).
    private let maximumRecordBytes: Int
    /// The ingest stages; only their `prepare` hooks run here (pricing, when the source belongs to a site).
    private let pipeline: IngestPipeline

    init(handle: FileHandle, path: String, plugin: PluginLibrary, optionsJSON: String, sourceName: String,
         converter: WallClockConverter, pipeline: IngestPipeline, isolation: ParserIsolation, maximumRecordBytes: Int,
         channel: BatchChannel<ParsedChunk>) {
        self.isolation = isolation
        self.maximumRecordBytes = maximumRecordBytes
        self.pipeline = pipeline
        self.handle = handle
        self.path = path
        self.plugin = plugin
        self.optionsJSON = optionsJSON
        self.sourceName = sourceName
        self.converter = converter
        self.channel = channel
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "tollbook-parse"
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func run() {
        var buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * FileImporter.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        do {
            try handle.seek(toOffset: 0)
            let descriptor = handle.fileDescriptor
            let session = try makeParser()
            var hasher = SHA256()
            var done: Int64 = 0
            // The window handed to the plugin is buffer[0..<filled]: the bytes it did not consume
            // last time, followed by what was just read — read straight into place, never copied.
            var filled = 0
            while true {
                if filled == buffer.count {
                    guard filled < maximumRecordBytes else {
                        throw HostError.recordTooLong(path: path, offset: UInt64(done) - UInt64(filled), limitBytes: maximumRecordBytes)
                    }
                    let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * buffer.count, alignment: 16)
                    larger.copyMemory(from: UnsafeRawBufferPointer(buffer))
                    buffer.deallocate()
                    buffer = larger
                }
                let count = try readSome(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if count == 0 { break }
                let fresh = UnsafeRawBufferPointer(rebasing: buffer[filled..<filled + count])
                hasher.update(bufferPointer: fresh)
                filled += count
                done += Int64(count)
                let used = try session.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]), isEnd: false)
                if used > 0 {
                    if let base = buffer.baseAddress { memmove(base, base + used, filled - used) }
                    filled -= used
                }
                guard channel.put(try prepared(session.takeOutput(), bytesRead: done, sha256: nil)) else {
                    channel.finish()
                    return
                }
            }
            _ = try session.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]), isEnd: true)
            let digest = hasher.finalize().map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }
            _ = channel.put(try prepared(session.takeOutput(), bytesRead: done, sha256: digest.joined()))
            channel.finish()
        } catch {
            channel.finish(throwing: error)
        }
    }

    /// The plugin's parser: in this process, or in a worker that replays the file's earlier bytes
    /// after a restart.
    private func makeParser() throws -> StreamParser {
        switch isolation {
        case .inProcess:
            return try ParserSession(plugin: plugin, optionsJSON: optionsJSON, sourceName: sourceName, timeZone: converter)
        case .worker:
            let path = self.path
            return try IsolatedStreamParser(plugin: plugin, optionsJSON: optionsJSON, sourceName: sourceName, timeZone: converter,
                                            isolation: isolation) { upTo, body in
                try Self.replay(path: path, upTo: upTo, body)
            }
        }
    }

    /// Re-reads the file's bytes `[0, upTo)` for a restarted worker, a chunk at a time.
    private static func replay(path: String, upTo: UInt64, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw HostError.unreadableFile(path: path, reason: "cannot be opened again to restart the plugin's worker")
        }
        defer { try? handle.close() }
        var remaining = upTo
        while remaining > 0 {
            let data = try handle.read(upToCount: Int(min(remaining, UInt64(FileImporter.chunkSize)))) ?? Data()
            if data.isEmpty {
                throw HostError.unreadableFile(path: path, reason: "changed while it was imported (shorter than before)")
            }
            try data.withUnsafeBytes { try body($0) }
            remaining -= UInt64(data.count)
        }
    }

    /// A chunk of the parser's output after the stages' `prepare` hooks (its calls normalised and
    /// priced when there is a pricer). (Pricing here rather than on a thread of its own measured as
    /// fast or faster on two cores.)
    private func prepared(_ output: ParserOutput, bytesRead: Int64, sha256: String?) throws -> ParsedChunk {
        var chunk = ParsedChunk(output, bytesRead: bytesRead, sha256: sha256)
        if !chunk.batch.isEmpty { try pipeline.prepare(&chunk.batch) }
        return chunk
    }

    /// Reads up to one chunk (less if `target` is smaller) from the file; 0 at its end.
    private func readSome(_ descriptor: Int32, into target: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(target.count, FileImporter.chunkSize)
        while true {
            let count = read(descriptor, target.baseAddress, wanted)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw HostError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
