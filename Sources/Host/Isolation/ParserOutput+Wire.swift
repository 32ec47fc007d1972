import TollbookCore

extension ParserOutput {
    /// Writes the output for the worker pipe, all but the calls: counts, rejects, skipped spans
    /// and string findings length-prefixed, then the length of the calls' byte form, which must
    /// follow (``CallBatch/withWireParts(_:)``).
    func writeAllButCalls(to writer: inout WireWriter) {
        writer.append(UInt32(truncatingIfNeeded: skipped))
        writer.append(UInt32(truncatingIfNeeded: rejects.count))
        for reject in rejects {
            writer.append(string: reject.reason.rawValue)
            writer.append(reject.sourceOffset)
            writer.append(bytes: reject.raw)
            writer.append(string: reject.field)
            writer.append(string: reject.message)
        }
        writer.append(UInt32(truncatingIfNeeded: skippedSpans.count))
        for span in skippedSpans {
            writer.append(span.offset)
            writer.append(span.length)
        }
        writer.append(UInt32(truncatingIfNeeded: invalidTextFields.count))
        for finding in invalidTextFields {
            writer.append(finding.recordOffset)
            writer.append(string: finding.field)
        }
        writer.append(UInt32(truncatingIfNeeded: calls.wireSize))
    }

    /// Reads what ``writeAllButCalls(to:)`` and the calls' byte form wrote.
    /// - Throws: ``WorkerProtocolError`` or ``CallBatchWireError``.
    init(reading reader: inout WireReader) throws {
        let skipped = Int(try reader.read(UInt32.self))
        let rejectCount = Int(try reader.read(UInt32.self))
        var rejects: [QuarantinedInput] = []
        rejects.reserveCapacity(min(rejectCount, 1 << 16))
        for _ in 0..<rejectCount {
            let reason = RejectReason(rawValue: try reader.readString()) ?? .other
            let offset = try reader.read(UInt64.self)
            let raw = Array(try reader.readBytes())
            let field = try reader.readString()
            let message = try reader.readString()
            rejects.append(QuarantinedInput(reason: reason, sourceOffset: offset, raw: raw, field: field, message: message))
        }
        let spanCount = Int(try reader.read(UInt32.self))
        var spans: [SourceSpan] = []
        spans.reserveCapacity(min(spanCount, 1 << 16))
        for _ in 0..<spanCount {
            let offset = try reader.read(UInt64.self)
            spans.append(SourceSpan(offset: offset, length: try reader.read(UInt64.self)))
        }
        let findingCount = Int(try reader.read(UInt32.self))
        var findings: [InvalidTextField] = []
        for _ in 0..<findingCount {
            let offset = try reader.read(UInt64.self)
            findings.append(InvalidTextField(recordOffset: offset, field: try reader.readString()))
        }
        let calls = try CallBatch(wire: try reader.readBytes())
        self.init(calls: calls, rejects: rejects, skipped: skipped, skippedSpans: spans, invalidTextFields: findings)
    }

    /// Appends `other` (the output of a later step) to this output.
    mutating func append(_ other: ParserOutput) {
        calls.append(contentsOf: other.calls)
        rejects += other.rejects
        skipped += other.skipped
        skippedSpans += other.skippedSpans
        invalidTextFields += other.invalidTextFields
    }

    /// An output with nothing in it.
    static var empty: ParserOutput { ParserOutput(calls: CallBatch(), rejects: [], skipped: 0) }
}
