import ArgumentParser
import Foundation
import Pricing
import Store
import TollbookCore

/// `tollbook rerate`: prices stored calls again with the current tariffs.
struct RerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rerate",
        abstract: "Price stored calls again with the current tariffs, in one transaction.",
        discussion: """
            Idempotent: a second run changes nothing. Prints how many calls changed and the old and new totals \
            per provider and zone; each changed call keeps its previous cost.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var configuration: ConfigOptions
    @Option(help: ArgumentHelp("Only calls starting at or after this date/time.", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("Only calls starting before this date/time (a date alone: up to its end).", valueName: "date"))
    var to: String?
    @Option(help: ArgumentHelp("Only calls of this source.", valueName: "name")) var source: String?

    func run() throws {
        guard let file = try configuration.load() else {
            throw CLIError("rerate needs a configuration with sites and tariffs (--config or $TOLLBOOK_CONFIG)")
        }
        let fromMs = try from.map { try CallsCommand.parseDate($0, option: "--from", endOfDay: false) }
        let toMs = try to.map { try CallsCommand.parseDate($0, option: "--to", endOfDay: true) }
        let store = try database.openStore()
        var pricers: [String: CallPricer?] = [:]
        var summary = RerateSummary()
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded())
        // One transaction for the whole run; calls are read and updated a page at a time (by id), so
        // memory stays flat however many calls change.
        do {
            try store.beginBatch()
            var lastID: Int64 = 0
            while true {
                var page: [StoredCall] = []
                try store.forEachCall(CallFilter(fromMs: fromMs, toMs: toMs, source: source, afterID: lastID, limit: 10_000)) {
                    page.append($0)
                }
                guard let last = page.last else { break }
                lastID = last.id
                for stored in page {
                    if pricers[stored.source] == nil {
                        pricers[stored.source] = .some(try configuration.pricer(forSource: stored.source, in: file))
                    }
                    guard let pricer = pricers[stored.source] ?? nil else { continue }
                    summary.examined += 1
                    let new = pricer.pricing(for: stored.call).pricing
                    summary.add(old: stored.call.pricing, new: new)
                    if !RerateSummary.samePrice(stored.call.pricing, new) {
                        try store.updatePricing(callID: stored.id, to: new, ratedMs: now)
                        summary.changed += 1
                    }
                }
            }
            try store.commitBatch()
        } catch {
            store.rollbackBatch()
            throw error as? CLIError ?? CLIError("\(error)")
        }
        print(summary.report())
    }
}

/// Totals before and after a re-rating.
struct RerateSummary {
    var examined = 0
    var changed = 0
    /// (provider, zone, currency) → (old total, new total) in minor units.
    var totals: [String: (old: Int64, new: Int64)] = [:]

    static func samePrice(_ old: CallPricing?, _ new: CallPricing) -> Bool {
        guard var old else { return false }
        old.previousCostMinor = nil
        return old == new
    }

    mutating func add(old: CallPricing?, new: CallPricing) {
        if let old, let cost = old.costMinor {
            totals[Self.key(old), default: (0, 0)].old += cost
        }
        if let cost = new.costMinor {
            totals[Self.key(new), default: (0, 0)].new += cost
        }
    }

    static func key(_ pricing: CallPricing) -> String {
        "\(pricing.provider)\t\(pricing.zone)\t\(pricing.currency)"
    }

    func report() -> String {
        var lines = ["\(examined) calls examined, \(changed) changed"]
        for key in totals.keys.sorted() {
            let parts = key.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let total = totals[key] else { continue }
            let currency = parts[2]
            lines.append("\(parts[0]) \(parts[1]): \(MoneyFormat.decimal(minor: total.old, currency: currency)) → \(MoneyFormat.decimal(minor: total.new, currency: currency)) \(currency)")
        }
        return lines.joined(separator: "\n")
    }
}
