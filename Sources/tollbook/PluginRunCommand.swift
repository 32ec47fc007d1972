import ArgumentParser
import Foundation
import Host
import TollbookCore

/// The options of `tollbook plugin run`, shared by the command and its worker.
struct PluginRunOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The plugin's shared object.", valueName: "plugin"))
    var plugin: String

    @Argument(help: ArgumentHelp("The input file.", valueName: "file"))
    var file: String

    @Option(name: .customLong("chunk-size"), help: ArgumentHelp(
        "Bytes read and fed per step, or `random` for seeded random sizes (1 byte to 64 KiB). Default: 1048576, as the import.",
        valueName: "n|random"))
    var chunkSize: String = String(1 << 20)

    @Option(help: ArgumentHelp("Seed of --chunk-size random (default: random, printed in the summary).", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("IANA time zone for records in local wall-clock time (default: UTC).", valueName: "zone"))
    var timezone: String = "UTC"

    @Option(name: .customLong("set"), help: ArgumentHelp("A plugin option (repeatable).", valueName: "key=value"))
    var settings: [String] = []

    @Option(help: "jsonl (every field, every record, reject and skipped span) or table.")
    var format: Format = .jsonl

    @Option(help: ArgumentHelp("How reject bytes are printed: hex or base64 (both exact).", valueName: "encoding"))
    var raw: RawBytesEncoding = .hex

    /// `--format`.
    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, table }


    func validate() throws {
        if chunkSize != "random" {
            guard let size = Int(chunkSize), size > 0 else {
                throw ValidationError("--chunk-size must be a positive number of bytes or `random`")
            }
        }
        if raw == .text { throw ValidationError("--raw must be hex or base64 (exact bytes)") }
        if seed != nil && chunkSize != "random" { throw ValidationError("--seed goes with --chunk-size random") }
        if raw == .text { throw ValidationError("--raw must be hex or base64 (plugin run prints exact bytes)") }
        guard WallClockConverter(identifier: timezone) != nil else {
            throw ValidationError("--timezone \(timezone): unknown time zone (use an IANA name such as Europe/Berlin)")
        }
    }

    /// The arguments that repeat these options for the worker.
    var arguments: [String] {
        var list = [plugin, file, "--chunk-size", chunkSize, "--timezone", timezone, "--format", format.rawValue, "--raw", raw.rawValue]
        if let seed { list += ["--seed", String(seed)] }
        for setting in settings { list += ["--set", setting] }
        return list
    }
}

/// `tollbook plugin run PLUGIN FILE`: the vendor's test harness. Feeds a file through a plugin
/// exactly as the import does and prints every record with all its fields and every reject with
/// its exact bytes, without a store. The plugin runs in a child process (`tollbook
/// __plugin-run`), never in this one, so a crash is reported instead of taking the command down.
struct PluginRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Feed a file through a plugin as the host does and print every record and reject (no store).",
        discussion: """
            Exit status: 0 done; 1 the plugin failed or broke the contract of feed (what it produced before \
            is printed); 3 records were refused as plugin violations; 70 the plugin crashed.
            """)

    @OptionGroup var options: PluginRunOptions

    func run() throws {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            throw CLIError("cannot find the tollbook executable to start the plugin's process")
        }
        var arguments = [PluginRunWorkerCommand.name] + options.arguments
        if options.chunkSize == "random", options.seed == nil {
            arguments += ["--seed", String(UInt64.random(in: 0..<(1 << 53)))]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        do {
            try process.run()
        } catch {
            throw CLIError("cannot start the plugin's process: \(error)")
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            Console.error("error: the plugin crashed (signal \(SignalName.name(process.terminationStatus))); "
                          + "the output above ends where it crashed (replay with the same --chunk-size and --seed)")
            throw ExitCode(70)
        }
        if process.terminationStatus != 0 { throw ExitCode(process.terminationStatus) }
    }
}

/// `tollbook __plugin-run`: the child process of `tollbook plugin run`, which loads the plugin.
struct PluginRunWorkerCommand: ParsableCommand {
    static let name = "__plugin-run"
    static let configuration = CommandConfiguration(
        commandName: name, abstract: "Run a plugin over a file (internal).", shouldDisplay: false)

    @OptionGroup var options: PluginRunOptions

    func run() throws {
        let optionsJSON: String
        let plugin: PluginLibrary
        do {
            optionsJSON = try ConnectorOptions.json(fromAssignments: options.settings)
            plugin = try PluginLibrary(path: URL(fileURLWithPath: options.plugin).standardizedFileURL.path)
        } catch {
            throw CLIError("\(error)")
        }
        guard let converter = WallClockConverter(identifier: options.timezone) else {
            throw CLIError("unknown time zone '\(options.timezone)'")
        }
        let chunking: PluginRun.Chunking = options.chunkSize == "random"
            ? .random(seed: options.seed ?? 0) : .fixed(Int(options.chunkSize) ?? (1 << 20))
        let printer = PluginRunPrinter(format: options.format, raw: options.raw)
        var violations = 0
        do {
            let summary = try PluginRun.run(plugin: plugin, path: options.file, optionsJSON: optionsJSON, timeZone: converter,
                                            chunking: chunking) { step in
                violations += step.output.rejects.filter(\.reason.isPluginFault).count
                printer.print(step)
            }
            printer.finish(summary, chunking: options.chunkSize, seed: options.seed)
        } catch {
            printer.flush()
            throw CLIError("\(error)")
        }
        if violations > 0 {
            Console.error("error: the host refused \(violations) records as plugin violations (see the rejects above)")
            throw ExitCode(ImportCommand.pluginViolationStatus)
        }
    }
}

/// Prints the steps of a plugin run as JSON lines or a table, in source order within each step.
final class PluginRunPrinter {
    private let format: PluginRunOptions.Format
    private let raw: RawBytesEncoding
    private let out = OutputWriter()
    private var rows: [[String]] = []
    private static let tableHeader = ["KIND", "OFFSET", "LENGTH", "ID/REASON", "START", "END", "DIRECTION", "CALLING", "CALLED", "MESSAGE", "RAW"]

    init(format: PluginRunOptions.Format, raw: RawBytesEncoding) {
        self.format = format
        self.raw = raw
    }

    private enum Event {
        case record(CallRecord, ReportedTimes?)
        case reject(QuarantinedInput)
        case skipped(UInt64, UInt64)

        var offset: UInt64 {
            switch self {
            case let .record(call, _): return call.sourceOffset
            case let .reject(reject): return reject.sourceOffset
            case let .skipped(offset, _): return offset
            }
        }
    }

    func print(_ step: PluginRun.Step) {
        let calls = step.output.records
        var events: [Event] = calls.enumerated().map { index, call in
            .record(call, index < step.reportedTimes.count ? step.reportedTimes[index] : nil)
        }
        events += step.output.rejects.map(Event.reject)
        events += step.output.skippedSpans.map { Event.skipped($0.offset, $0.length) }
        for event in events.enumerated().sorted(by: { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }) {
            emit(event.element)
        }
        // Each step is out before the next feed call: if the plugin crashes, the output shows how far it got.
        if format == .jsonl { out.flush() }
    }

    private func emit(_ event: Event) {
        switch (event, format) {
        case let (.record(call, times), .jsonl): out.line(Self.json(call, times))
        case let (.reject(reject), .jsonl):
            out.line("{\"type\":\"reject\",\"offset\":\(reject.sourceOffset),\"length\":\(reject.raw.count),"
                     + "\"reason\":\(JSONText.quote(reject.reason.rawValue)),\"field\":\(JSONText.quote(reject.field)),"
                     + "\"message\":\(JSONText.quote(reject.message)),\"raw_\(raw.rawValue)\":\(JSONText.quote(raw.encode(reject.raw)))}")
        case let (.skipped(offset, length), .jsonl):
            out.line("{\"type\":\"skipped\",\"offset\":\(offset),\"length\":\(length)}")
        case let (.record(call, _), .table):
            rows.append(["record", String(call.sourceOffset), String(call.sourceLength), call.vendorRecordID,
                         UTCTimestamp.iso8601(milliseconds: call.startMs), UTCTimestamp.iso8601(milliseconds: call.endMs),
                         call.direction.rawValue, call.parties.calling, call.parties.called, "", ""])
        case let (.reject(reject), .table):
            rows.append(["reject", String(reject.sourceOffset), String(reject.raw.count), reject.reason.rawValue, "", "", "",
                         "", "", (reject.field.isEmpty ? "" : reject.field + ": ") + reject.message, raw.encode(reject.raw)])
        case let (.skipped(offset, length), .table):
            rows.append(["skipped", String(offset), String(length), "", "", "", "", "", "", "", ""])
        }
    }

    /// A record with every field: the host's view (UTC times, derived durations) and the times as
    /// the plugin reported them.
    static func json(_ call: CallRecord, _ times: ReportedTimes?) -> String {
        func text(_ value: String) -> String { JSONText.quote(value) }
        func number(_ value: Int64?) -> String { value.map(String.init) ?? "null" }
        func time(_ ms: Int64?) -> String { ms.map { text(UTCTimestamp.iso8601(milliseconds: $0)) } ?? "null" }
        let parties = call.parties
        var fields: [(String, String)] = [
            ("type", text("record")), ("offset", String(call.sourceOffset)), ("length", String(call.sourceLength)),
            ("vendor_record_id", text(call.vendorRecordID)), ("correlation_id", text(call.correlationID)),
            ("time_basis", text(times?.timeBasis ?? "")),
            ("reported_start_us", number(times?.startMicroseconds)), ("reported_answer_us", number(times?.answerMicroseconds)),
            ("reported_end_us", number(times?.endMicroseconds)), ("reported_ring_ms", number(times?.ringMilliseconds)),
            ("reported_talk_ms", number(times?.talkMilliseconds)), ("struct_size", number(times.map { Int64($0.structSize) })),
            ("start", time(call.startMs)), ("answer", time(call.answerMs)), ("end", time(call.endMs)),
            ("ring_ms", String(call.ringMs)), ("talk_ms", String(call.talkMs)),
            ("direction", text(call.direction.rawValue)), ("disposition", text(call.disposition.rawValue)),
            ("leg_kind", text(call.legKind.rawValue)), ("flags", "[" + call.flags.names.map(text).joined(separator: ",") + "]"),
            ("calling", text(parties.calling)), ("called", text(parties.called)), ("original_called", text(parties.originalCalled)),
            ("connected", text(parties.connected)), ("redirecting", text(parties.redirecting)),
            ("extension", text(parties.extension)), ("remote", text(parties.remote)), ("account_code", text(parties.accountCode)),
            ("pin", text(parties.pin)), ("project_code", text(parties.projectCode)), ("trunk", text(call.trunk)),
            ("device", text(call.device)), ("remote_device", text(call.remoteDevice)), ("hunt_group", text(call.huntGroup)),
            ("cause", number(call.cause)), ("cause_text", text(call.causeText)), ("charge_units", number(call.chargeUnits)),
            ("charge_minor", number(call.chargeMinor)), ("charge_currency", text(call.chargeCurrency)),
        ]
        fields.append(("extra", "{" + call.extra.map { text($0.key) + ":" + text($0.value) }.joined(separator: ",") + "}"))
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    func finish(_ summary: PluginRun.Summary, chunking: String, seed: UInt64?) {
        switch format {
        case .jsonl:
            out.line("{\"type\":\"summary\",\"bytes\":\(summary.bytes),\"feed_calls\":\(summary.feedCalls),\"records\":\(summary.records),"
                     + "\"rejects\":\(summary.rejects),\"skipped\":\(summary.skipped),\"chunk_size\":\(JSONText.quote(chunking)),"
                     + "\"seed\":\(seed.map(String.init) ?? "null")}")
        case .table:
            out.line(TextTable.render(header: Self.tableHeader,
                                      rows: rows))
            out.line("\(summary.records) records, \(summary.rejects) rejects, \(summary.skipped) skipped in \(summary.bytes) bytes, "
                     + "\(summary.feedCalls) feed calls (chunk size \(chunking)\(seed.map { ", seed \($0)" } ?? ""))")
        }
        out.flush()
    }

    func flush() {
        if format == .table {
            out.line(TextTable.render(header: Self.tableHeader,
                                      rows: rows))
        }
        out.flush()
    }
}
