import TollbookCore

/// Describes where two parse outcomes of the same input differ, without printing record contents.
enum OutcomeComparison {
    /// `outcome` with its rejects and local-time findings sorted by source offset (ties keep
    /// their order).
    static func inSourceOrder(_ outcome: ParseOutcome) -> ParseOutcome {
        var sorted = outcome
        sorted.rejects = outcome.rejects.enumerated()
            .sorted { ($0.element.sourceOffset, $0.offset) < ($1.element.sourceOffset, $1.offset) }.map(\.element)
        sorted.localTimeProblems = outcome.localTimeProblems.enumerated()
            .sorted { ($0.element.recordOffset, $0.offset) < ($1.element.recordOffset, $1.offset) }.map(\.element)
        return sorted
    }

    /// `nil` when equal, else a message naming counts, the first differing item, its offset and
    /// the fields that differ. Rejects and local-time findings are compared in source order: the
    /// host makes some rejects itself (records whose local times are out of order once converted)
    /// when a record batch arrives, so their place among the plugin's own rejects depends on
    /// where the plugin flushed its batch, which the ABI leaves to the plugin.
    static func difference(_ expected: ParseOutcome, _ actual: ParseOutcome) -> String? {
        let expected = inSourceOrder(expected), actual = inSourceOrder(actual)
        guard expected != actual else { return nil }
        if expected.error != actual.error {
            return "parsing ended differently (\(expected.error ?? "no error") vs \(actual.error ?? "no error"))"
        }
        let counts = "\(expected.summary) vs \(actual.summary)"
        for index in 0..<max(expected.records.count, actual.records.count) {
            guard index < expected.records.count, index < actual.records.count else {
                return "\(counts); record #\(index + 1) is missing on one side"
            }
            let fields = differingFields(expected.records[index], actual.records[index])
            if !fields.isEmpty {
                return "\(counts); record #\(index + 1) (offset \(expected.records[index].sourceOffset)) differs in \(fields.joined(separator: ", "))"
            }
        }
        for index in 0..<max(expected.rejects.count, actual.rejects.count) {
            guard index < expected.rejects.count, index < actual.rejects.count else {
                return "\(counts); reject #\(index + 1) is missing on one side"
            }
            let a = expected.rejects[index], b = actual.rejects[index]
            if a != b {
                var fields: [String] = []
                if a.sourceOffset != b.sourceOffset { fields.append("offset") }
                if a.raw.count != b.raw.count { fields.append("length") }
                if a.reason != b.reason { fields.append("reason") }
                if a.field != b.field { fields.append("field") }
                if a.message != b.message { fields.append("message") }
                return "\(counts); reject #\(index + 1) (offset \(a.sourceOffset)) differs in \(fields.joined(separator: ", "))"
            }
        }
        if expected.skippedSpans != actual.skippedSpans { return "\(counts); the skipped spans differ" }
        if expected.invalidTextFields != actual.invalidTextFields { return "\(counts); the UTF-8 findings differ" }
        return "\(counts); the records refused for local times out of order differ"
    }

    /// The names of the fields in which two records differ.
    static func differingFields(_ a: CallRecord, _ b: CallRecord) -> [String] {
        var fields: [String] = []
        func check<T: Equatable>(_ name: String, _ path: KeyPath<CallRecord, T>) {
            if a[keyPath: path] != b[keyPath: path] { fields.append(name) }
        }
        check("vendor_record_id", \.vendorRecordID)
        check("correlation_id", \.correlationID)
        check("start", \.startMs)
        check("answer", \.answerMs)
        check("end", \.endMs)
        check("ring_ms", \.ringMs)
        check("talk_ms", \.talkMs)
        check("direction", \.direction)
        check("disposition", \.disposition)
        check("flags", \.flags)
        check("numbers", \.parties)
        check("trunk", \.trunk)
        check("device", \.device)
        check("remote_device", \.remoteDevice)
        check("hunt_group", \.huntGroup)
        check("cause", \.cause)
        check("cause_text", \.causeText)
        check("charge_units", \.chargeUnits)
        check("charge_minor", \.chargeMinor)
        check("charge_currency", \.chargeCurrency)
        check("source_offset", \.sourceOffset)
        check("source_length", \.sourceLength)
        check("extra", \.extra)
        return fields
    }
}
