import Foundation
import Host
import Journal
import FileTransports
import Ingest
import Store
import TollbookCore

/// Feeding a stream's bytes to its parser and storing what comes out.
extension Ingester {
    func feed(_ stream: IngestStream, _ payload: UnsafeRawBufferPointer, isEnd: Bool, in run: inout IngestRun) throws {
        stream.hasher.update(bufferPointer: payload)
        let offset = stream.received
        stream.received += UInt64(payload.count)
        if let failure = stream.failure {
            try quarantine(stream, bytes: Array(payload), at: offset, reason: failure.reason,
                           message: "not parsed: the connector failed earlier in this stream (\(failure.message))", in: &run)
            return
        }
        // The window handed to the parser starts at the stream offset of the first pending byte.
        let firstWindowStart = offset - UInt64(stream.pending.count)
        var parserError: Error?
        crashGuard?.willParse(stream: stream.state.stream, isolated: stream.isIsolated)
        do {
            if stream.pending.isEmpty {
                let used = try stream.parser.consume(payload, isEnd: isEnd)
                if used < payload.count { stream.pending.append(contentsOf: payload[used...]) }
            } else {
                stream.pending.append(contentsOf: payload)
                let used = try stream.pending.withUnsafeBytes { try stream.parser.consume($0, isEnd: isEnd) }
                stream.pending.removeFirst(used)
            }
            if stream.pending.count > settings.maximumRecordBytes {
                throw RecordTooLong(offset: stream.parser.consumedBytes, bytes: stream.pending.count, limit: settings.maximumRecordBytes)
            }
        } catch {
            parserError = error
        }
        crashGuard?.didParse()
        guard let parserError else {
            try store(stream.parser.takeOutput(), of: stream, in: &run)
            // While a restored stream is read again, its committed position must not move back: a
            // commit in between would otherwise count the records up to it a second time.
            stream.state.consumed = max(stream.parser.consumedBytes, stream.dropBelow)
            return
        }
        // The connector cannot go on with this stream. The window it was given is the pending
        // bytes followed by this payload (or the payload alone when nothing was pending): what it
        // had dealt with before the failure is kept, every byte after that is quarantined.
        let window: [UInt8]
        var windowStart = firstWindowStart
        if parserError is RecordTooLong {
            // The parser took what it could; the pending bytes start where it stands.
            window = stream.pending
            windowStart = stream.parser.consumedBytes
        } else {
            window = stream.pending.isEmpty ? Array(payload) : stream.pending
        }
        stream.pending.removeAll()
        let failure = StreamFailure(parserError)
        stream.failure = failure
        var output = stream.parser.takeOutput()
        // What the plugin handed over before it failed is kept: the rest starts after the last
        // record, reject or skipped span it reported (or where the parser stood).
        var covered = max(stream.parser.consumedBytes, windowStart)
        for row in output.calls.rows { covered = max(covered, row.sourceOffset + row.sourceLength) }
        for reject in output.rejects { covered = max(covered, reject.sourceOffset + UInt64(reject.raw.count)) }
        for span in output.skippedSpans { covered = max(covered, span.offset + span.length) }
        let restStart = min(covered, stream.received)
        // Output at or after the quarantined rest would count those bytes twice.
        output.calls = output.calls.selecting { $0.sourceOffset < restStart }
        output.rejects = output.rejects.filter { $0.sourceOffset < restStart }
        if !output.skippedSpans.isEmpty {
            output.skippedSpans = output.skippedSpans.filter { $0.offset < restStart }
            output.skipped = output.skippedSpans.count
        }
        try store(output, of: stream, in: &run)
        let restIndex = Int(restStart - windowStart)
        let rest = restIndex < window.count ? Array(window[restIndex...]) : []
        try quarantine(stream, bytes: rest, at: restStart, reason: failure.reason, message: "not parsed: \(failure.message)", in: &run)
        if restStart >= stream.dropBelow {
            lock.withLock { pluginFailures += 1 }
            metrics.pluginErrors.increment()
        }
        logger.error("connector failed on a stream; the rest of it is quarantined",
                     metadata: ["instance": "\(instance)", "stream": "\(stream.state.stream)", "reason": "\(failure.reason.rawValue)",
                                "bytes": "\(rest.count)", "error": "\(LogText.clean(failure.message))"])
        stream.state.consumed = max(stream.received, stream.dropBelow)
    }

    func store(_ output: ParserOutput, of stream: IngestStream, in run: inout IngestRun) throws {
        var calls = output.calls
        var rejects = output.rejects
        var skipped = output.skipped
        if stream.dropBelow > 0 {
            let limit = stream.dropBelow
            calls = calls.selecting { $0.sourceOffset >= limit }
            rejects = rejects.filter { $0.sourceOffset >= limit }
            skipped = output.skippedSpans.isEmpty ? skipped : output.skippedSpans.filter { $0.offset >= limit }.count
        }
        if let restarts = (stream.parser as? WorkerRestartCounting)?.workerRestarts, restarts > stream.reportedRestarts {
            metrics.workerRestarts.increment(by: Int64(restarts - stream.reportedRestarts))
            stream.reportedRestarts = restarts
        }
        stream.state.counts.skipped += skipped
        guard !calls.isEmpty || !rejects.isEmpty else { return }
        // The pipeline's stages prepare (price) the records now, and write them at the next commit.
        var batch = IngestBatch(calls: calls, rejects: rejects, skipped: skipped)
        try run.pipeline.prepare(&batch)
        let sourceID = run.sourceID, metrics = self.metrics, pipeline = run.pipeline, clock = self.clock
        let prepared = batch
        run.pending.append { store in
            let before = stream.state.counts
            // A different record under a stored record's key is quarantined, never dropped silently;
            // its bytes stay in the raw journal (stream and offset are named).
            var write = IngestWrite(
                store: store, sourceID: sourceID, importID: stream.state.importID, rejectKey: stream.provisionalKey,
                origin: stream.origin, nowMs: clock.now(), rejectCounting: .allRejected, counts: before,
                describeConflict: { _, conflict, row in
                    (QuarantinedInput(
                        reason: .conflict, sourceOffset: row.sourceOffset, raw: [], field: "",
                        message: "differs from call \(conflict.storedCallID) stored under the same source, vendor record id and start; "
                            + "the stored call is kept (this record: journal stream \(stream.state.stream), "
                            + "\(row.sourceLength) bytes at offset \(row.sourceOffset))"), nil)
                })
            try pipeline.write(prepared, in: &write)
            stream.state.counts = write.counts
            metrics.recordsStored.increment(by: Int64(write.counts.imported - before.imported))
            metrics.duplicates.increment(by: Int64(write.counts.duplicates - before.duplicates))
            let quarantined = (write.counts.conflicts - before.conflicts) + (write.counts.rejected - before.rejected)
            if quarantined > 0 { metrics.rejects.increment(by: Int64(quarantined)) }
        }
        run.uncommittedRecords += batch.calls.count + batch.rejects.count
        run.dirty = true
    }

    func quarantine(_ stream: IngestStream, bytes: [UInt8], at offset: UInt64, reason: RejectReason, message: String,
                    in run: inout IngestRun) throws {
        guard !bytes.isEmpty, offset >= stream.dropBelow else { return }
        let reject = QuarantinedInput(reason: reason, sourceOffset: offset, raw: bytes, field: "", message: message)
        try store(ParserOutput(calls: CallBatch(), rejects: [reject], skipped: 0), of: stream, in: &run)
    }

    func quarantineOrphan(_ header: JournalEntryHeader, _ payload: UnsafeRawBufferPointer, in run: inout IngestRun) throws {
        guard payload.count > 0 else { return }
        let reject = QuarantinedInput(reason: .truncated, sourceOffset: 0, raw: Array(payload), field: "",
                                      message: "journal entry \(header.seq) belongs to stream \(header.stream), whose start is no longer in the journal")
        let sourceID = run.sourceID, key = "journal:\(instance):orphan:\(header.seq)", metrics = self.metrics
        let pipeline = run.pipeline, clock = self.clock
        var batch = IngestBatch(calls: CallBatch(), rejects: [reject], skipped: 0)
        try pipeline.prepare(&batch)
        let prepared = batch
        run.pending.append { store in
            var write = IngestWrite(store: store, sourceID: sourceID, importID: nil, rejectKey: key, origin: "journal",
                                    nowMs: clock.now(), rejectCounting: .allRejected, counts: ImportCounts(),
                                    describeConflict: { _, _, _ in (reject, nil) })
            try pipeline.write(prepared, in: &write)
            metrics.rejects.increment(by: Int64(write.counts.rejected))
        }
        run.dirty = true
    }

    /// Ends the streams an earlier process left open (a connection that was cut by a restart):
    /// the bytes their parser still holds are handed over as the end of input, so a record cut in
    /// half is quarantined, and the stream's import-log entry is completed.
    func closeAbandonedStreams(in run: inout IngestRun) throws {
        run.closedAbandoned = true
        let abandoned = run.open.values.filter { $0.state.stream < firstSequenceOfThisWriter }.sorted { $0.state.stream < $1.state.stream }
        for stream in abandoned {
            try feed(stream, UnsafeRawBufferPointer(start: nil, count: 0), isEnd: true, in: &run)
            try close(stream, in: &run)
            logger.info("stream left open by an earlier run closed", metadata: ["instance": "\(instance)", "stream": "\(stream.state.stream)"])
        }
    }

    func close(_ stream: IngestStream, in run: inout IngestRun) throws {
        run.open[stream.state.stream] = nil
        crashGuard?.streamCompleted(stream.state.stream, isolated: stream.isIsolated)
        let digest = stream.hasher.finalize().map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
        let sourceID = run.sourceID, bytes = stream.received, clock = self.clock
        let error = stream.failure.map { "\($0.reason.rawValue): \($0.message)" }
        run.pending.append { store in
            try store.endIngestStream(sourceID: sourceID, state: stream.state, sha256: digest, bytes: bytes,
                                      provisionalKey: stream.provisionalKey, nowMs: clock.now(), error: error)
        }
        run.dirty = true
    }
}

/// Why a stream's parser stopped: the reject reason its unparsed rest is quarantined under and
/// the message (the plugin's own, for ``RejectReason/pluginError``).
struct StreamFailure {
    var reason: RejectReason
    var message: String

    init(_ error: Error) {
        switch error {
        case let HostError.pluginFailed(_, operation, status, message):
            reason = .pluginError
            let said = message.isEmpty ? "no message" : message
            self.message = "the connector returned \(HostError.statusName(status)) from \(operation) (\(said))"
        case let HostError.contractViolation(_, detail):
            reason = .pluginViolation
            message = "the connector broke the plugin contract (\(detail))"
        case let failure as WorkerFailure:
            reason = failure.rejectReason
            message = failure.description
        case let tooLong as RecordTooLong:
            reason = .malformed
            message = tooLong.description
        default:
            reason = .pluginError
            message = "\(error)"
        }
    }
}

/// A parser waited for the end of a record longer than the limit.
struct RecordTooLong: Error, CustomStringConvertible {
    var offset: UInt64
    var bytes: Int
    var limit: Int

    var description: String {
        "a record longer than the limit of \(limit >> 20) MiB starts at stream offset \(offset): the connector found no record end "
            + "in \(bytes) bytes (raise service.max_record_mb if records this long are real)"
    }
}
