import CZlib
import Foundation
import TollbookCore
#if canImport(Glibc)
import Glibc
#endif

/// Appends entries to a journal directory: one writer per directory (held by `writer.lock`),
/// safe to call from several threads at once.
///
/// `append` writes an entry with one `writev` into the current segment (page cache, not yet
/// durable); `sync(through:)` makes everything up to a seq durable with `fdatasync`, and
/// concurrent callers share one `fdatasync` (group commit). A transport acknowledges a chunk
/// only after `appendDurably` (or `append` + `sync`) returned.
///
/// `@unchecked Sendable`: the mutable state (segment, sequence numbers, durable mark, syncing flag,
/// failure, lock descriptor, scratch buffer) is used only with `condition` locked; an `fdatasync`
/// runs outside the lock on a retained ``WritableSegment`` whose descriptor stays open until released.
public final class JournalWriter: @unchecked Sendable {
    /// The journal directory.
    public let directory: String
    /// A segment is closed and a new one begun before an entry would make it larger than this
    /// (a single larger entry gets a segment of its own).
    public let segmentBytes: Int
    /// What opening the directory found and cut off at the end of the last segment (a crash
    /// mid-append); `nil` if the journal ended cleanly.
    public let recovery: JournalRecovery?

    let files: SegmentDirectory
    private let clock: @Sendable () -> Int64
    private let condition = NSCondition()
    private var lockFD: Int32
    private let scratch: UnsafeMutableRawPointer
    private var segment: WritableSegment?
    private var nextSeq: UInt64
    private var lastReceivedMs: Int64
    private var durable: UInt64
    private var syncing = false
    private var failure: JournalError?
    private var isClosed = false
    private var openStreams: Set<UInt64> = []
    private var syncCount = 0

    /// Opens (creating if needed) a journal directory for appending.
    ///
    /// Recovery: the last segment is read through; a torn or damaged tail (a crash in the middle
    /// of an append) is copied to `<segment>.<offset>.discarded` beside it, cut off, and reported
    /// in ``recovery``; numbering continues after the last whole entry.
    /// - Parameters:
    ///   - directory: the journal directory (one per connector instance).
    ///   - segmentBytes: the size at which segments rotate (default 64 MiB).
    ///   - clock: the receive time of appended entries, UTC milliseconds (``MillisecondClock/system`` by default).
    /// - Throws: ``JournalError/locked(directory:)`` if another writer has the directory open;
    ///   ``JournalError/io(operation:path:errno:)`` if it cannot be created, read or repaired.
    public init(directory: String, segmentBytes: Int = 64 << 20,
                clock: @escaping @Sendable () -> Int64 = MillisecondClock.system.now) throws {
        self.directory = directory
        self.segmentBytes = max(segmentBytes, JournalFormat.segmentHeaderSize + JournalFormat.entryHeaderSize)
        self.clock = clock
        files = SegmentDirectory(path: directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            throw JournalError.io(operation: "create directory", path: directory,
                                  errno: underlying?.domain == NSPOSIXErrorDomain ? Int32(underlying?.code ?? Int(EIO)) : EIO)
        }
        lockFD = try Self.lockDirectory(files)
        scratch = UnsafeMutableRawPointer.allocate(byteCount: JournalFormat.entryHeaderSize + JournalFormat.maxOriginBytes, alignment: 16)
        do {
            let state = try JournalRecoveryScan.run(files, clock: clock)
            segment = state.segment
            nextSeq = state.nextSeq
            lastReceivedMs = state.lastReceivedMs
            durable = state.nextSeq - 1
            recovery = state.recovery
        } catch {
            Glibc.close(lockFD)
            scratch.deallocate()
            throw error
        }
    }

    deinit {
        if lockFD >= 0 { Glibc.close(lockFD) }
        scratch.deallocate()
    }

    /// The seq of the last entry written (0 if none ever was).
    public var lastSequence: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return nextSeq - 1
    }

    /// Every entry up to this seq is on disk (`fdatasync` returned).
    public var durableSequence: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return durable
    }

    /// How many `fdatasync` calls the writer made for `sync` (group commit makes this smaller than the number of sync calls).
    public var fsyncCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return syncCount
    }

    /// The first seq of the segment being appended to (`nil` before the first segment exists).
    var currentSegmentFirstSeq: UInt64? {
        condition.lock()
        defer { condition.unlock() }
        return segment?.firstSeq
    }

    /// Appends one entry; it is written (visible to readers) but not yet durable.
    /// - Parameters:
    ///   - stream: the stream to continue (its id from the `begin` entry), or `nil` to begin a new
    ///     stream whose id is the returned seq.
    ///   - flags: must contain `.begin` exactly when `stream` is `nil`; `.end` closes the stream.
    ///   - origin: file name or peer address (UTF-8, at most 1024 bytes); may be empty after `begin`.
    ///   - payload: the bytes as received (at most 1 GiB).
    /// - Returns: the entry's seq.
    /// - Throws: ``JournalError`` for invalid flags or streams, sizes over the limits, write failures.
    public func append(stream: UInt64?, flags: JournalEntryFlags, origin: String, payload: UnsafeRawBufferPointer) throws -> UInt64 {
        guard payload.count <= JournalFormat.maxPayloadBytes else {
            throw JournalError.payloadTooLarge(bytes: payload.count, limit: JournalFormat.maxPayloadBytes)
        }
        let originLength = origin.utf8.count
        guard originLength <= JournalFormat.maxOriginBytes else {
            throw JournalError.originTooLong(bytes: originLength, limit: JournalFormat.maxOriginBytes)
        }
        guard JournalEntryFlags.known.isSuperset(of: flags) else { throw JournalError.invalidFlags("unknown bits \(flags.rawValue)") }
        // The payload's CRC outside the lock; the header's is combined with it under the lock.
        let payloadCRC = JournalFormat.crc(payload)

        condition.lock()
        defer { condition.unlock() }
        try checkUsable()
        let seq = nextSeq
        let streamID: UInt64
        if let stream {
            guard !flags.contains(.begin) else { throw JournalError.invalidFlags("continuing stream \(stream) with .begin") }
            guard openStreams.contains(stream) else { throw JournalError.streamNotOpen(stream) }
            streamID = stream
        } else {
            guard flags.contains(.begin) else { throw JournalError.invalidFlags("a new stream needs .begin") }
            streamID = seq
        }
        let receivedMs = max(clock(), lastReceivedMs)
        let entrySize = JournalFormat.entryHeaderSize + originLength + payload.count
        let target = try segmentForAppend(entrySize: entrySize, seq: seq, createdMs: receivedMs)

        JournalFormat.encodeEntry(at: scratch, seq: seq, stream: streamID, receivedMs: receivedMs, payloadLength: payload.count,
                                  originLength: originLength, flags: flags)
        var originText = origin
        originText.withUTF8 { bytes in
            if let base = bytes.baseAddress { (scratch + JournalFormat.entryHeaderSize).copyMemory(from: base, byteCount: bytes.count) }
        }
        JournalFormat.sealEntry(at: scratch, originLength: originLength, payloadCRC: payloadCRC, payloadLength: payload.count)
        let head = UnsafeRawBufferPointer(start: scratch, count: JournalFormat.entryHeaderSize + originLength)
        do {
            try target.append([head, payload])
        } catch {
            // Leave no partial entry behind; if that fails too, stop accepting entries.
            do { try target.truncate(to: target.size) } catch { failure = .writerFailed("\(error)") }
            throw error
        }
        target.size += Int64(entrySize)
        target.entries += 1
        nextSeq = seq + 1
        lastReceivedMs = receivedMs
        if flags.contains(.begin) && !flags.contains(.end) { openStreams.insert(seq) }
        if flags.contains(.end) && !flags.contains(.begin) { openStreams.remove(streamID) }
        return seq
    }

    /// `append` for bytes in an array.
    public func append(stream: UInt64?, flags: JournalEntryFlags, origin: String, payload: [UInt8]) throws -> UInt64 {
        try payload.withUnsafeBytes { try append(stream: stream, flags: flags, origin: origin, payload: $0) }
    }

    /// Appends one entry and returns once it is durable: `append` followed by ``sync(through:)``.
    public func appendDurably(stream: UInt64?, flags: JournalEntryFlags, origin: String, payload: UnsafeRawBufferPointer) throws -> UInt64 {
        let seq = try append(stream: stream, flags: flags, origin: origin, payload: payload)
        try sync(through: seq)
        return seq
    }

    /// `appendDurably` for bytes in an array.
    public func appendDurably(stream: UInt64?, flags: JournalEntryFlags, origin: String, payload: [UInt8]) throws -> UInt64 {
        try payload.withUnsafeBytes { try appendDurably(stream: stream, flags: flags, origin: origin, payload: $0) }
    }

    /// Makes every entry up to `seq` (or up to the last one, if `seq` is beyond it) durable.
    ///
    /// Group commit: one caller runs `fdatasync` for everything written so far while the others
    /// wait; a caller whose entries it covered returns without a call of its own.
    /// - Throws: ``JournalError`` if `fdatasync` failed (the writer then refuses further work).
    public func sync(through seq: UInt64) throws {
        condition.lock()
        defer { condition.unlock() }
        while durable < min(seq, nextSeq - 1) {
            if let failure { throw failure }
            if syncing {
                condition.wait()
                continue
            }
            guard let target = segment else { return }
            let upTo = nextSeq - 1
            syncing = true
            condition.unlock()
            var syncError: Error?
            do { try target.syncData() } catch { syncError = error }
            condition.lock()
            syncing = false
            syncCount += 1
            if let syncError {
                // After a failed fsync the page cache may hold data that never reaches the disk.
                failure = .writerFailed("\(syncError)")
                condition.broadcast()
                throw syncError
            }
            durable = max(durable, upTo)
            condition.broadcast()
        }
    }

    /// Blocks until an entry after `seq` is durable, or `timeout` seconds have passed; returns
    /// ``durableSequence`` (for a reader tailing the journal in the same process).
    public func waitForDurable(after seq: UInt64, timeout: Double) -> UInt64 {
        let deadline = Date(timeIntervalSinceNow: max(0, timeout))
        condition.lock()
        defer { condition.unlock() }
        while durable <= seq, failure == nil, !isClosed {
            if !condition.wait(until: deadline) { break }
        }
        return durable
    }

    /// Syncs what was written, closes the current segment and releases the directory for another
    /// writer; later calls throw ``JournalError/closed(directory:)``.
    public func close() throws {
        try sync(through: .max)
        condition.lock()
        defer { condition.unlock() }
        guard !isClosed else { return }
        isClosed = true
        segment = nil
        Glibc.close(lockFD)
        lockFD = -1
        condition.broadcast()
    }

    private func checkUsable() throws {
        if let failure { throw failure }
        if isClosed { throw JournalError.closed(directory: directory) }
    }

    /// The segment the entry goes into: the current one, or a new one when the entry would make
    /// the current one larger than `segmentBytes`. Called under the lock.
    private func segmentForAppend(entrySize: Int, seq: UInt64, createdMs: Int64) throws -> WritableSegment {
        if let current = segment {
            if current.entries == 0 || current.size + Int64(entrySize) <= Int64(segmentBytes) { return current }
            // Closing the segment: its entries become durable now, later syncs only touch the new one.
            do { try current.syncData() } catch {
                failure = .writerFailed("\(error)")
                throw error
            }
            durable = max(durable, seq - 1)
            condition.broadcast()
        }
        let created = try WritableSegment.create(in: files, firstSeq: seq, createdMs: createdMs)
        segment = created
        return created
    }

    private static func lockDirectory(_ files: SegmentDirectory) throws -> Int32 {
        let path = files.file("writer.lock")
        let fd = retryingEINTR { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw JournalError.io("open", path) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            Glibc.close(fd)
            if code == EWOULDBLOCK { throw JournalError.locked(directory: files.path) }
            throw JournalError.io(operation: "lock", path: path, errno: code)
        }
        return fd
    }
}
