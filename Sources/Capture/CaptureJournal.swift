import Foundation
import Journal
import Store
import TollbookCore

/// The raw journal of one connector instance, as its transports use it: whatever they receive is
/// appended and made durable here before they acknowledge it to the PBX.
///
/// `@unchecked Sendable`: constants only; the writer and the metrics are thread-safe themselves.
public final class CaptureJournal: @unchecked Sendable {
    /// The journal's writer (the ingester waits on it for new entries).
    public let writer: JournalWriter
    private let metrics: InstanceMetrics
    /// Seals payloads when the store is encrypted.
    private let cipher: JournalCipher?
    /// Size of the pieces a file is appended in.
    public static let filePieceBytes = 1 << 20

    /// Opens (creating or recovering) the journal in `directory`.
    /// - Throws: ``JournalError`` when the folder cannot be used.
    /// With `cipher` (an encrypted store), every non-empty payload is sealed (flag ``JournalEntryFlags/sealed``).
    public init(directory: String, segmentBytes: Int, metrics: InstanceMetrics, cipher: JournalCipher? = nil) throws {
        writer = try JournalWriter(directory: directory, segmentBytes: segmentBytes, clock: MillisecondClock.system.now)
        self.metrics = metrics
        self.cipher = cipher
    }

    /// Appends an entry, sealing its payload first when there is a cipher.
    private func write(stream: UInt64?, flags: JournalEntryFlags, origin: String, payload: UnsafeRawBufferPointer,
                       durably: Bool = false) throws -> UInt64 {
        guard let cipher, payload.count > 0 else {
            return durably ? try writer.appendDurably(stream: stream, flags: flags, origin: origin, payload: payload)
                : try writer.append(stream: stream, flags: flags, origin: origin, payload: payload)
        }
        let sealed = try cipher.seal(payload)
        return try sealed.withUnsafeBytes { bytes in
            durably ? try writer.appendDurably(stream: stream, flags: flags.union(.sealed), origin: origin, payload: bytes)
                : try writer.append(stream: stream, flags: flags.union(.sealed), origin: origin, payload: bytes)
        }
    }

    /// Appends a complete file as one stream and makes it durable.
    /// - Parameters:
    ///   - path: the local file.
    ///   - origin: what the stream is called in the import log (e.g. the file's name).
    /// - Returns: the stream's id.
    /// - Throws: ``CaptureError/unreadableFile(path:reason:)``, or ``JournalError`` when it cannot be written.
    @discardableResult
    public func receiveFile(at path: String, origin: String) throws -> UInt64 {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CaptureError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        // Two buffers: a piece is appended once the next read shows whether it is the last one, so
        // the last piece carries the end flag (an empty file is one empty entry).
        var current = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.filePieceBytes, alignment: 16)
        var following = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.filePieceBytes, alignment: 16)
        defer {
            current.deallocate()
            following.deallocate()
        }
        var stream: UInt64?
        var last: UInt64 = 0
        var total = 0
        var count = try readFull(descriptor, into: current, path: path)
        while true {
            let nextCount = count == current.count ? try readFull(descriptor, into: following, path: path) : 0
            var flags: JournalEntryFlags = nextCount == 0 ? .end : []
            if stream == nil { flags.insert(.begin) }
            last = try write(stream: stream, flags: flags, origin: stream == nil ? origin : "",
                             payload: UnsafeRawBufferPointer(rebasing: current[0..<count]))
            if stream == nil { stream = last }
            total += count
            if nextCount == 0 { break }
            swap(&current, &following)
            count = nextCount
        }
        try writer.sync(through: last)
        metrics.bytesReceived.increment(by: Int64(total))
        metrics.streamsReceived.increment()
        return stream ?? last
    }

    /// Appends one request body (an HTTP POST, a GET query) as a stream of its own and makes it durable.
    /// - Returns: the stream's id.
    @discardableResult
    public func receiveBody(_ bytes: UnsafeRawBufferPointer, origin: String) throws -> UInt64 {
        let seq = try write(stream: nil, flags: [.begin, .end], origin: origin, payload: bytes, durably: true)
        metrics.bytesReceived.increment(by: Int64(bytes.count))
        metrics.streamsReceived.increment()
        return seq
    }

    /// Begins a live stream (a TCP connection); its bytes follow with ``append(stream:_:)``.
    /// - Returns: the stream's id.
    public func beginStream(origin: String) throws -> UInt64 {
        metrics.streamsReceived.increment()
        return try writer.append(stream: nil, flags: .begin, origin: origin, payload: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Appends bytes of a live stream (not yet durable: see ``sync(through:)``); with `end`, they
    /// are the stream's last.
    /// - Returns: the entry's sequence number.
    public func append(stream: UInt64, _ bytes: UnsafeRawBufferPointer, end: Bool = false) throws -> UInt64 {
        metrics.bytesReceived.increment(by: Int64(bytes.count))
        return try write(stream: stream, flags: end ? .end : [], origin: "", payload: bytes)
    }

    /// Ends a live stream and makes it durable.
    public func endStream(_ stream: UInt64) throws {
        let seq = try writer.append(stream: stream, flags: .end, origin: "", payload: UnsafeRawBufferPointer(start: nil, count: 0))
        try writer.sync(through: seq)
    }

    /// Makes everything through `seq` durable (shared with concurrent callers: one fsync for all).
    public func sync(through seq: UInt64) throws {
        try writer.sync(through: seq)
    }

    /// Reads until `buffer` is full or the file ends; returns the bytes read.
    private func readFull(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = read(descriptor, buffer.baseAddress.map { $0 + filled }, buffer.count - filled)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw CaptureError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
            }
            filled += count
        }
        return filled
    }
}
