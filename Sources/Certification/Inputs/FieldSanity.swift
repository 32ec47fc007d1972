import Foundation
import TollbookCore

/// Plausibility rules for the records of valid input (the corpus).
///
/// - times: answer ≥ start, end ≥ answer (and end ≥ start); ring and talk not negative; whatever
///   the time basis: local wall-clock times are converted with the corpus's time zone first, and
///   a record the host refused because they are out of order counts as a problem;
/// - dates: start and end between 1980-01-01 and 2100-01-01 UTC, a leg shorter than 31 days;
/// - numbers (calling, called, original_called, connected, redirecting, extension, remote,
///   hunt_group): the import's own rule, ``NumberField`` — a dial string of `0-9 + * # X x ?`, or a
///   URI (`sip:`, `sips:`, `tel:`, `h323:` or `user@host`); not applied to legs flagged recording,
///   monitoring or conference (their parties may be bridge or media-resource ids such as CUCM's
///   `b00105401001`). The import refuses such a record (`malformed`, naming the field), so a
///   record that reaches this rule and breaks it means the two disagree;
/// - strings: valid UTF-8 as the plugin handed them over; a non-empty vendor record id.
enum FieldSanity {
    /// 1980-01-01T00:00:00Z in milliseconds.
    static let earliestMs: Int64 = 315_532_800_000
    /// 2100-01-01T00:00:00Z in milliseconds.
    static let latestMs: Int64 = 4_102_444_800_000
    /// 31 days in milliseconds.
    static let longestLegMs: Int64 = 31 * 86_400_000

    /// The problems of one record: rule names with the field, never the values.
    static func problems(_ record: CallRecord) -> [String] {
        var problems: [String] = []
        if record.vendorRecordID.isEmpty { problems.append("empty vendor_record_id") }
        if let answer = record.answerMs {
            if answer < record.startMs { problems.append("answer before start") }
            if record.endMs < answer { problems.append("end before answer") }
        }
        if record.endMs < record.startMs { problems.append("end before start") }
        if record.ringMs < 0 || record.talkMs < 0 { problems.append("negative duration") }
        for (name, value) in [("start", record.startMs), ("end", record.endMs)]
        where value < earliestMs || value >= latestMs {
            problems.append("\(name) outside 1980…2100")
        }
        if record.endMs - record.startMs > longestLegMs { problems.append("leg longer than 31 days") }
        let parties = record.parties
        let numbers = [("calling", parties.calling), ("called", parties.called), ("original_called", parties.originalCalled),
                       ("connected", parties.connected), ("redirecting", parties.redirecting),
                       ("extension", parties.extension), ("remote", parties.remote), ("hunt_group", record.huntGroup)]
        for (name, value) in numbers where NumberField.isChecked(flags: record.flags) && !NumberField.isValid(value) {
            problems.append("\(name) has characters outside the number alphabet")
        }
        return problems
    }

    /// The first problem of an outcome (record index, offset, rule), or `nil`. `timeZone` names
    /// the zone local wall-clock times were read in.
    static func firstProblem(in outcome: ParseOutcome, fileName: String, timeZone: String = "UTC") -> (message: String, count: Int)? {
        var first: String?
        var count = 0
        if let reversed = outcome.localTimeProblems.first {
            count += outcome.localTimeProblems.count
            let rule = reversed.field == "answer" ? "answer outside start…end" : "end before start"
            first = "\(fileName): record at offset \(reversed.recordOffset): \(rule) in local wall-clock time "
                + "(TB_TIME_LOCAL read in time zone \(timeZone); the host refused the record)"
        }
        for (index, record) in outcome.records.enumerated() {
            let problems = problems(record)
            guard !problems.isEmpty else { continue }
            count += 1
            if first == nil {
                first = "\(fileName): record #\(index + 1) at offset \(record.sourceOffset): \(problems.joined(separator: "; "))"
            }
        }
        if let invalid = outcome.invalidTextFields.first {
            count += outcome.invalidTextFields.count
            if first == nil {
                first = "\(fileName): record at offset \(invalid.recordOffset): \(invalid.field) is not valid UTF-8"
            }
        }
        return first.map { ($0, count) }
    }
}
