import ArgumentParser
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
            stable; see the README.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var configuration: ConfigOptions
    @Option(help: ArgumentHelp("Explain step by step how call ID was priced.", valueName: "id")) var explain: Int64?
    @Option(help: ArgumentHelp("Only calls starting at or after this date/time.", valueName: "date"))
    var from: String?
    @Option(help: ArgumentHelp("Only calls starting before this date/time (a date alone: up to its end).", valueName: "date"))
    var to: String?
    @Option(help: "table, csv, json or jsonl.") var format: OutputFormat = .table
    @Flag(help: "Only calls that could not be priced, with the reason.") var unrated = false

    /// The stable field names, in output order.
    static let fields = [
        "id", "source", "connector", "vendor_record_id", "correlation_id", "start", "answer", "end", "ring_seconds",
        "talk_seconds", "direction", "disposition", "calling", "called", "original_called", "connected",
        "redirecting", "extension", "remote", "trunk", "device", "hunt_group", "account_code", "project_code",
        "cause", "cause_text", "charge_units", "charge_minor", "charge_currency", "leg_kind", "flags",
        "remote_e164", "remote_category", "rating_status", "pricing", "cost", "cost_minor", "currency", "provider", "zone",
        "destination", "unrated_reason", "extension_key", "local_e164", "calling_e164", "calling_category",
        "called_e164", "called_category", "original_called_e164", "original_called_category", "connected_e164",
        "connected_category", "redirecting_e164", "redirecting_category",
        "remote_device", "pin", "source_offset", "source_length", "extra", "tariff_version", "bands", "increments",
        "previous_cost_minor",
    ]

    func run() throws {
        if let explain { return try printExplanation(of: explain) }
        let fromMs = try from.map { try Self.parseDate($0, option: "--from", endOfDay: false) }
        let toMs = try to.map { try Self.parseDate($0, option: "--to", endOfDay: true) }
        let store = try database.openStore(readOnly: true)
        var printer = ListingPrinter(
            format: format, header: Self.fields,
            tableColumns: unrated
                ? ["id", "start", "direction", "called", "remote_e164", "remote_category", "unrated_reason", "source"]
                : ["id", "start", "direction", "disposition", "calling", "called", "ring_seconds", "talk_seconds",
                   "leg_kind", "pricing", "cost", "currency", "zone", "destination", "source"])
        try store.forEachCall(CallFilter(fromMs: fromMs, toMs: toMs, unratedOnly: unrated)) { stored in
            printer.add(Self.values(of: stored))
        }
        printer.finish()
    }

    private func printExplanation(of id: Int64) throws {
        let store = try database.openStore(readOnly: true)
        var found: StoredCall?
        try store.forEachCall(CallFilter(id: id)) { found = $0 }
        guard let stored = found else { throw CLIError("there is no call \(id)") }
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

    static func values(of stored: StoredCall) -> [FieldValue] {
        let call = stored.call
        let parties = call.parties
        func text(_ value: String) -> FieldValue { .text(value) }
        return [
            .integer(stored.id), text(stored.source), text(stored.connector), text(call.vendorRecordID),
            text(call.correlationID), text(UTCTimestamp.iso8601(milliseconds: call.startMs)),
            call.answerMs.map { text(UTCTimestamp.iso8601(milliseconds: $0)) } ?? .null,
            text(UTCTimestamp.iso8601(milliseconds: call.endMs)), .seconds(call.ringMs), .seconds(call.talkMs),
            text(call.direction.rawValue), text(call.disposition.rawValue), text(parties.calling), text(parties.called),
            text(parties.originalCalled), text(parties.connected), text(parties.redirecting), text(parties.extension),
            text(parties.remote), text(call.trunk), text(call.device), text(call.huntGroup), text(parties.accountCode),
            text(parties.projectCode), call.cause.map(FieldValue.integer) ?? .null, text(call.causeText),
            call.chargeUnits.map(FieldValue.integer) ?? .null, call.chargeMinor.map(FieldValue.integer) ?? .null,
            text(call.chargeCurrency), text(call.legKind.rawValue), .list(call.flags.names),
        ] + pricingValues(call.pricing) + [
            text(call.remoteDevice), text(parties.pin), .integer(Int64(call.sourceOffset)), .integer(Int64(call.sourceLength)),
            .object(call.extra.map { (key: $0.key, value: $0.value) }),
            call.pricing.map { $0.tariffVersion.isEmpty ? .null : .text($0.tariffVersion) } ?? .null,
            call.pricing.map { $0.bands.isEmpty ? .null : .text($0.bands) } ?? .null,
            call.pricing.map { $0.increments.isEmpty ? .null : .text($0.increments) } ?? .null,
            call.pricing?.previousCostMinor.map(FieldValue.integer) ?? .null,
        ]
    }

    /// The pricing fields: `null` while the call was not rated.
    static func pricingValues(_ pricing: CallPricing?) -> [FieldValue] {
        guard let pricing else { return Array(repeating: .null, count: 23) }
        func text(_ value: String) -> FieldValue { value.isEmpty ? .null : .text(value) }
        let numbers = pricing.numbers
        return [
            text(pricing.remoteE164), text(pricing.remoteCategory), .text(pricing.status.rawValue),
            .text(pricing.pricing.rawValue),
            pricing.costMinor.map { .text(MoneyFormat.decimal(minor: $0, currency: pricing.currency)) } ?? .null,
            pricing.costMinor.map(FieldValue.integer) ?? .null, text(pricing.currency), text(pricing.provider),
            text(pricing.zone), text(pricing.destination), text(pricing.unratedReason), text(pricing.extensionKey),
            text(pricing.localE164),
        ] + [numbers.calling, numbers.called, numbers.originalCalled, numbers.connected, numbers.redirecting]
            .flatMap { [text($0.e164), text($0.category)] }
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
