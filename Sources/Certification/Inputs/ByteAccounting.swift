import Host

/// Checks the byte-accounting invariant of the ABI on one parse outcome: every byte of the input
/// lies in exactly one record span, reject span or skipped span.
///
/// Several records may come from the same bytes (one source unit holding several legs): records
/// with *identical* spans count as one span. Any other overlap, any gap, any span reaching past
/// the end, and any byte left unconsumed at end of input (the host quarantines those as
/// `plugin_violation`) is a finding.
enum ByteAccounting {
    /// The first problem found, or `nil` when the spans tile `[0, size)` exactly.
    static func problem(in outcome: ParseOutcome, size: Int) -> String? {
        if let unconsumed = outcome.rejects.first(where: { $0.reason == .pluginViolation && $0.message.contains("did not consume") }) {
            return "\(unconsumed.raw.count) bytes at offset \(unconsumed.sourceOffset) were never consumed at end of input"
        }
        var spans: [(span: SourceSpan, kind: String)] = []
        var recordSpans = Set<SourceSpan>()
        for record in outcome.records {
            let span = SourceSpan(offset: record.sourceOffset, length: record.sourceLength)
            if recordSpans.insert(span).inserted { spans.append((span, "record")) }
        }
        for reject in outcome.rejects {
            spans.append((SourceSpan(offset: reject.sourceOffset, length: UInt64(reject.raw.count)), "reject"))
        }
        spans += outcome.skippedSpans.map { ($0, "skipped span") }
        spans.sort { ($0.span.offset, $0.span.length) < ($1.span.offset, $1.span.length) }
        var covered: UInt64 = 0
        for (span, kind) in spans {
            if span.end > UInt64(size) || span.end < span.offset {
                return "\(kind) \(span.offset)+\(span.length) reaches past the end of the input (\(size) bytes)"
            }
            if span.offset > covered {
                return "bytes \(covered)..<\(span.offset) are in no record, reject or skipped span"
            }
            if span.offset < covered, span.length > 0 {
                return "\(kind) \(span.offset)+\(span.length) overlaps bytes already accounted for (up to offset \(covered))"
            }
            covered = max(covered, span.end)
        }
        if covered < UInt64(size) {
            return "bytes \(covered)..<\(size) are in no record, reject or skipped span"
        }
        return nil
    }
}
