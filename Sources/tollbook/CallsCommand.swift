import ArgumentParser
import Foundation
import Query
import Store
import TollbookCore

/// `tollbook calls`: lists stored call legs.
struct CallsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calls",
        abstract: "List stored calls (one row per call leg).",
        discussion: """
            --from and --to take ISO 8601 dates or times (UTC unless an offset is given). --from is \
            inclusive; --to is exclusive, and a date alone means the end of that day. Field names are \
            stable; see docs/cli.md. --as USER shows what that user may see (docs/query.md).
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @OptionGroup var configuration: ConfigOptions
    @Option(help: ArgumentHelp("Explain step by step how call ID was priced.", valueName: "id")) var explain: Int64?
    @Option(help: ArgumentHelp("Only calls starting at or after this date/time.", valueName: "date"))
    var from: String?
    @Option(help: ArgumentHelp("Only calls starting before this date/time (a date alone: up to its end).", valueName: "date"))
    var to: String?
    @Option(help: "table, csv, json or jsonl.") var format: OutputFormat = .table
    @Flag(help: "Only calls that could not be priced, with the reason.") var unrated = false
    /// Renders JSON and CSV through the reference formatter instead of the fast path (tests compare them).
    @Flag(name: .customLong("reference-formatter"), help: .hidden) var referenceFormatter = false

    /// The stable field names, in output order.
    static let fields = CallListing.fields

    func run() throws {
        if let explain { return try printExplanation(of: explain) }
        let fromMs = try from.map { try Self.parseDate($0, option: "--from", endOfDay: false) }
        let toMs = try to.map { try Self.parseDate($0, option: "--to", endOfDay: true) }
        let query = try database.query(as: principal, configuration: configuration)
        let request = CallRequest(filter: CallFilter(fromMs: fromMs, toMs: toMs, unratedOnly: unrated))
        if !referenceFormatter, let fast = CallListingFormat(rawValue: format.rawValue) {
            try query.writeCalls(request, format: fast, to: ByteOutput(.fileDescriptor(STDOUT_FILENO)))
            return
        }
        var printer = ListingPrinter(
            format: format, header: Self.fields,
            tableColumns: unrated
                ? ["id", "start", "direction", "called", "remote_e164", "remote_category", "unrated_reason", "source"]
                : ["id", "start", "direction", "disposition", "calling", "called", "ring_seconds", "talk_seconds",
                   "leg_kind", "category", "pricing", "cost", "currency", "zone", "destination", "source"])
        try query.calls(request) { stored in
            printer.add(CallListing.values(of: stored))
        }
        printer.finish()
    }

    private func printExplanation(of id: Int64) throws {
        guard let stored = try database.query(as: principal, configuration: configuration).call(id: id) else { throw CLIError("there is no call \(id)") }
        let call = stored.call
        print("Call \(id): \(call.direction.rawValue), \(call.disposition.rawValue), start \(UTCTimestamp.iso8601(milliseconds: call.startMs)), talk \(FieldValue.secondsText(call.talkMs)) s, source \(stored.source)")
        if let pricing = call.pricing {
            let cost = pricing.costMinor.map { MoneyFormat.decimal(minor: $0, currency: pricing.currency) + " " + pricing.currency }
            print("Stored: \(pricing.pricing.rawValue)" + (cost.map { ", cost \($0)" } ?? "")
                  + (pricing.unratedReason.isEmpty ? "" : " (\(pricing.unratedReason))"))
            if let previous = pricing.previousCostMinor {
                print("Before the last re-rating: \(MoneyFormat.decimal(minor: previous, currency: pricing.currency)) \(pricing.currency)")
            }
        } else {
            print("Stored: not rated")
        }
        guard let pricer = try configuration.pricer(forSource: stored.source, in: try configuration.load()) else {
            print("No site in the configuration for source '\(stored.source)': nothing to derive.")
            return
        }
        print("Derivation with the current tariffs:")
        for line in pricer.explain(call) { print("  " + line) }
    }

    /// Parses an ISO 8601 date or time; a date alone with `endOfDay` means the start of the next day.
    static func parseDate(_ text: String, option: String, endOfDay: Bool) throws -> Int64 {
        guard let ms = UTCTimestamp.parse(text) else {
            throw ValidationError("\(option) '\(text)' is not an ISO 8601 date or time such as 2025-04-18 or 2025-04-18T16:30:00Z")
        }
        let dateOnly = text.count == 10
        return dateOnly && endOfDay ? ms + 86_400_000 : ms
    }
}
