import Foundation
import Host
import Journal
import Store
import TollbookCore

/// Feeding a stream's bytes to its parser and storing what comes out.
extension Ingester {
    func feed(_ stream: IngestStream, _ payload: UnsafeRawBufferPointer, isEnd: Bool, in run: inout IngestRun) throws {
        stream.hasher.update(bufferPointer: payload)
        let offset = stream.received
        stream.received += UInt64(payload.count)
        if stream.failure != nil {
            try quarantine(stream, bytes: Array(payload), at: offset, message: "not parsed: the connector failed earlier in this stream", in: &run)
            return
        }
        do {
            if stream.pending.isEmpty {
                let used = try stream.parser.consume(payload, isEnd: isEnd)
                if used < payload.count { stream.pending.append(contentsOf: payload[used...]) }
            } else {
                stream.pending.append(contentsOf: payload)
                let used = try stream.pending.withUnsafeBytes { try stream.parser.consume($0, isEnd: isEnd) }
                stream.pending.removeFirst(used)
            }
            try store(stream.parser.takeOutput(), of: stream, in: &run)
        } catch {
            // The connector cannot go on with this stream: what it did not consume is kept.
            let rest = stream.pending
            stream.pending.removeAll()
            stream.failure = "\(error)"
            try store(stream.parser.takeOutput(), of: stream, in: &run)
            let restOffset = stream.parser.consumedBytes
            try quarantine(stream, bytes: rest, at: restOffset, message: "not parsed: \(error)", in: &run)
            logger.error("connector failed on a stream; the rest of it is quarantined",
                         metadata: ["instance": "\(instance)", "stream": "\(stream.state.stream)", "error": "\(error)"])
        }
        // While a restored stream is read again, its committed position must not move back: a
        // commit in between would otherwise count the records up to it a second time.
        let position = stream.failure == nil ? stream.parser.consumedBytes : stream.received
        stream.state.consumed = max(position, stream.dropBelow)
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
        if let pricing = run.pricing, !calls.isEmpty { pricing.price(&calls) }
        try run.store.beginBatch()
        let now = Self.nowMs()
        if !calls.isEmpty {
            let result = try run.store.insert(calls, sourceID: run.sourceID, importID: stream.state.importID, ratedMs: now)
            stream.state.counts.imported += result.inserted
            stream.state.counts.duplicates += result.duplicates
            run.uncommittedRecords += calls.count
            metrics.recordsStored.increment(by: Int64(result.inserted))
            metrics.duplicates.increment(by: Int64(result.duplicates))
            // A different record under a stored record's key: quarantined, never dropped silently.
            // Its bytes stay in the raw journal (stream and offset are named).
            for conflict in result.conflicts {
                let row = calls.rows[conflict.row]
                let reject = QuarantinedInput(
                    reason: .conflict, sourceOffset: row.sourceOffset, raw: [], field: "",
                    message: "differs from call \(conflict.storedCallID) stored under the same source, vendor record id and start; "
                        + "the stored call is kept (this record: journal stream \(stream.state.stream), \(row.sourceLength) bytes at offset \(row.sourceOffset))")
                _ = try run.store.insert(reject, sourceID: run.sourceID, importID: stream.state.importID,
                                         fileSHA256: stream.provisionalKey, fileName: stream.origin, nowMs: now,
                                         conflictCallID: conflict.storedCallID)
                stream.state.counts.conflicts += 1
                metrics.rejects.increment()
            }
        }
        for reject in rejects {
            _ = try run.store.insert(reject, sourceID: run.sourceID, importID: stream.state.importID,
                                     fileSHA256: stream.provisionalKey, fileName: stream.origin, nowMs: now)
            stream.state.counts.rejected += 1
            metrics.rejects.increment()
        }
        run.uncommittedRecords += rejects.count
        run.dirty = true
    }

    func quarantine(_ stream: IngestStream, bytes: [UInt8], at offset: UInt64, message: String, in run: inout IngestRun) throws {
        guard !bytes.isEmpty, offset >= stream.dropBelow else { return }
        let reject = QuarantinedInput(reason: .pluginViolation, sourceOffset: offset, raw: bytes, field: "", message: message)
        try store(ParserOutput(calls: CallBatch(), rejects: [reject], skipped: 0), of: stream, in: &run)
    }

    func quarantineOrphan(_ header: JournalEntryHeader, _ payload: UnsafeRawBufferPointer, in run: inout IngestRun) throws {
        guard payload.count > 0 else { return }
        try run.store.beginBatch()
        let reject = QuarantinedInput(reason: .truncated, sourceOffset: 0, raw: Array(payload), field: "",
                                      message: "journal entry \(header.seq) belongs to stream \(header.stream), whose start is no longer in the journal")
        _ = try run.store.insert(reject, sourceID: run.sourceID, importID: nil, fileSHA256: "journal:\(instance):orphan:\(header.seq)",
                                 fileName: "journal", nowMs: Self.nowMs())
        metrics.rejects.increment()
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
        try run.store.beginBatch()
        let digest = stream.hasher.finalize().map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
        try run.store.endIngestStream(sourceID: run.sourceID, state: stream.state, sha256: digest, bytes: stream.received,
                                      provisionalKey: stream.provisionalKey, nowMs: Self.nowMs())
        run.dirty = true
    }
}
