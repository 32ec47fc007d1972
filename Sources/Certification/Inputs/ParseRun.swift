import Foundation
import Host
import TollbookCore

/// Everything a parser produced for one input: the unit the correctness checks compare.
public struct ParseOutcome: Sendable, Equatable {
    /// The records, in the order emitted (times in UTC milliseconds; local times converted with
    /// the corpus's time zone, ``ParseRun/timeZone``).
    public var records: [CallRecord] = []
    /// The quarantined spans (all reasons except skipped), in order.
    public var rejects: [QuarantinedInput] = []
    /// The skipped spans, in order.
    public var skippedSpans: [SourceSpan] = []
    /// Record strings that were not valid UTF-8.
    public var invalidTextFields: [InvalidTextField] = []
    /// Records the host refused because their local times are out of order once converted.
    public var localTimeProblems: [LocalTimeProblem] = []
    /// The host error that ended parsing (plugin failure or contract violation), if any.
    public var error: String?

    /// Rejects the host made because the plugin broke the ABI (invalid record, unconsumed bytes).
    public var violations: [QuarantinedInput] { rejects.filter { $0.reason == .pluginViolation } }

    /// A one-line summary with counts only.
    public var summary: String {
        "\(records.count) records, \(rejects.count) rejects, \(skippedSpans.count) skipped spans"
            + (error.map { ", error: \($0)" } ?? "")
    }
}

/// Feeds one input to a new parser of a plugin, cut into chunks by a ``ChunkPlan``.
public struct ParseRun {
    /// The plugin.
    public let plugin: PluginLibrary
    /// The options object passed to `create`.
    public var optionsJSON = "{}"
    /// The IANA name of the corpus's time zone: local wall-clock times (`TB_TIME_LOCAL`) are
    /// converted with it (`plugin certify --timezone`, default UTC).
    public var timeZone: String
    private let converter: WallClockConverter

    /// Creates a runner; an unknown `timeZone` name falls back to UTC (the command checks names).
    public init(plugin: PluginLibrary, optionsJSON: String = "{}", timeZone: String = "UTC") {
        self.plugin = plugin
        self.optionsJSON = optionsJSON
        let converter = WallClockConverter(identifier: timeZone)
        self.timeZone = converter == nil ? "UTC" : timeZone
        self.converter = converter ?? Self.utc
    }

    /// A new parser session (local times in ``timeZone``, string inspection on).
    /// - Throws: ``HostError`` when the plugin refuses to create a parser.
    public func makeSession(sourceName: String) throws -> ParserSession {
        let session = try ParserSession(plugin: plugin, optionsJSON: optionsJSON, sourceName: sourceName,
                                        timeZone: converter)
        session.inspectsStrings = true
        return session
    }

    /// Parses `input` fed as `plan` says, and returns what came out.
    public func parse(_ input: [UInt8], name: String, plan: ChunkPlan = .whole) -> ParseOutcome {
        var outcome = ParseOutcome()
        let session: ParserSession
        do {
            session = try makeSession(sourceName: name)
        } catch {
            outcome.error = "create failed: \(error)"
            return outcome
        }
        input.withUnsafeBytes { buffer in
            var position = 0
            do {
                for size in plan.sizes(for: buffer.count) {
                    try session.feed(UnsafeRawBufferPointer(rebasing: buffer[position..<position + size]))
                    position += size
                    Self.collect(session.takeOutput(), into: &outcome)
                }
                try session.finish()
            } catch {
                outcome.error = "\(error)"
            }
            Self.collect(session.takeOutput(), into: &outcome)
        }
        return outcome
    }

    /// Appends one step's output to `outcome`.
    static func collect(_ output: ParserOutput, into outcome: inout ParseOutcome) {
        outcome.records += output.records
        outcome.rejects += output.rejects
        outcome.skippedSpans += output.skippedSpans
        outcome.invalidTextFields += output.invalidTextFields
        outcome.localTimeProblems += output.localTimeProblems
    }

    /// UTC, the default time zone of a corpus.
    static let utc = WallClockConverter(identifier: "UTC") ?? WallClockConverter(timeZone: .gmt)
}
