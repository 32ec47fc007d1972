import ArgumentParser
import Journal
import TollbookCore

/// `tollbook journal verify DIR... [--format text|json]`
struct JournalVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check journal directories: file headers, checksums, seq continuity, streams, torn tails.",
        discussion: "Exit status 1 if a problem was found. Layout and checks: docs/journal.md.")

    @Argument(help: ArgumentHelp("Journal directories (one per connector instance).", valueName: "dir"))
    var directories: [String]

    @Option(help: "text or json (an array with one object per directory).")
    var format: ReportFormat = .text

    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        guard !directories.isEmpty else { throw ValidationError("name at least one journal directory") }
    }

    func run() throws {
        let results = directories.map(JournalVerifier.verify(directory:))
        let out = OutputWriter()
        switch format {
        case .json:
            out.line("[" + results.map(Self.json).joined(separator: ",\n") + "]")
        case .text:
            for result in results { Self.text(result).forEach(out.line) }
        }
        out.flush()
        if results.contains(where: { !$0.isSound }) { throw ExitCode(1) }
    }

    /// The human summary of one directory.
    static func text(_ result: JournalVerification) -> [String] {
        let count = result.problems.count
        var lines = ["\(result.directory): " + (count == 0 ? "ok" : count == 1 ? "1 problem" : "\(count) problems")]
        lines.append("  \(result.segments) segments, \(result.entries) entries, \(result.bytes) payload bytes, \(result.streams) streams")
        if let first = result.firstSeq, let last = result.lastSeq {
            lines.append("  seq \(first) to \(last)")
        }
        if let first = result.firstReceivedMs, let last = result.lastReceivedMs {
            lines.append("  received \(UTCTimestamp.iso8601(milliseconds: first)) to \(UTCTimestamp.iso8601(milliseconds: last))")
        }
        for problem in result.problems {
            lines.append("  problem: " + (problem.segment.isEmpty ? "" : "\(problem.segment) at byte \(problem.offset): ") + problem.problem)
        }
        return lines
    }

    /// One directory as a JSON object (stable field names).
    static func json(_ result: JournalVerification) -> String {
        func number<T: BinaryInteger>(_ value: T?) -> String { value.map { String($0) } ?? "null" }
        func time(_ ms: Int64?) -> String { ms.map { JSONText.quote(UTCTimestamp.iso8601(milliseconds: $0)) } ?? "null" }
        let problems = result.problems.map { problem in
            "{\"segment\":\(JSONText.quote(problem.segment)),\"offset\":\(problem.offset),\"problem\":\(JSONText.quote(problem.problem))}"
        }
        return "{\"directory\":\(JSONText.quote(result.directory)),\"segments\":\(result.segments),\"entries\":\(result.entries),"
            + "\"bytes\":\(result.bytes),\"streams\":\(result.streams),\"first_seq\":\(number(result.firstSeq)),"
            + "\"last_seq\":\(number(result.lastSeq)),\"first_received\":\(time(result.firstReceivedMs)),"
            + "\"last_received\":\(time(result.lastReceivedMs)),\"problems\":[" + problems.joined(separator: ",") + "]}"
    }
}
