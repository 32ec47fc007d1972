import Pricing
import Store
import TollbookCore

/// Re-rating (`tollbook rerate`): prices stored calls again with today's numbering plans and
/// tariffs. Idempotent: a second run changes nothing; each changed call keeps its previous cost.
public enum Rerate {
    /// Which calls to price again.
    public struct Selection: Sendable, Equatable {
        /// Only calls starting at or after this instant (UTC ms).
        public var fromMs: Int64?
        /// Only calls starting before this instant (UTC ms).
        public var toMs: Int64?
        /// Only calls of this source.
        public var source: String?

        /// Creates a selection; all criteria are optional.
        public init(fromMs: Int64? = nil, toMs: Int64? = nil, source: String? = nil) {
            self.fromMs = fromMs
            self.toMs = toMs
            self.source = source
        }
    }

    /// Calls read and updated at a time.
    public static let pageSize = 10_000

    /// Prices the selected calls again in one transaction (rolled back on any error).
    ///
    /// Calls are read and updated a page at a time (by id), so memory stays flat however many
    /// calls change. Calls of a source without a site (`pricer` returns `nil`) are left alone and
    /// not counted; `pricer` is asked once per source.
    /// - Parameters:
    ///   - store: the call store.
    ///   - selection: which calls.
    ///   - pricer: the pricer of a source's site, or `nil` when the source belongs to no site.
    ///   - clock: the time stamped as the calls' new rating time.
    ///   - pageSize: calls per page.
    ///   - stages: the ingest stages that follow prices (``IngestStage/repriced(_:in:)``), called
    ///     once per page with the calls whose price changed, inside the run's transaction.
    /// - Returns: how many calls were examined and changed, and the totals before and after.
    /// - Throws: what `pricer` throws, ``StoreError``.
    public static func run(store: CallStore, selection: Selection, pricer: (_ source: String) throws -> CallPricer?,
                           clock: MillisecondClock = .system, pageSize: Int = Rerate.pageSize,
                           stages: [any IngestStage] = []) throws -> RerateSummary {
        var pricers: [String: CallPricer?] = [:]
        var summary = RerateSummary()
        let now = clock.now()
        do {
            try store.beginBatch()
            var lastID: Int64 = 0
            while true {
                var page: [StoredCall] = []
                let filter = CallFilter(fromMs: selection.fromMs, toMs: selection.toMs, source: selection.source,
                                        afterID: lastID, limit: pageSize)
                try store.forEachCall(filter) { page.append($0) }
                guard let last = page.last else { break }
                lastID = last.id
                var repriced: [RepricedCall] = []
                for stored in page {
                    if pricers[stored.source] == nil {
                        pricers[stored.source] = .some(try pricer(stored.source))
                    }
                    guard let sitePricer = pricers[stored.source] ?? nil else { continue }
                    // A call whose number is gone — protected (P4) or deleted at ingest by its privacy
                    // package (P3) — keeps its price: it cannot be derived again (docs/privacy.md).
                    guard !Self.numberRemoved(stored) else { continue }
                    summary.examined += 1
                    let new = sitePricer.pricing(for: stored.call).pricing
                    summary.add(old: stored.call.pricing, new: new)
                    if !RerateSummary.samePrice(stored.call.pricing, new) {
                        try store.updatePricing(callID: stored.id, to: new, ratedMs: now)
                        summary.changed += 1
                        if !stages.isEmpty { repriced.append(RepricedCall(before: stored, pricing: new)) }
                    }
                }
                if !repriced.isEmpty {
                    for stage in stages { try stage.repriced(repriced, in: store) }
                }
            }
            try store.commitBatch()
        } catch {
            store.rollbackBatch()
            throw error
        }
        return summary
    }
}

extension Rerate {
    /// Whether the call's other-party number was removed at ingest (protected, or deleted by a
    /// privacy package) while the call was priced: then its price stays as it is.
    static func numberRemoved(_ stored: StoredCall) -> Bool {
        if stored.protectedClass != nil { return true }
        guard let pricing = stored.call.pricing, pricing.costMinor != nil else { return false }
        return pricing.remoteE164.isEmpty && stored.call.parties.remote.isEmpty
    }
}

/// Totals before and after a re-rating.
public struct RerateSummary: Sendable, Equatable {
    /// The old and new total cost of one (provider, zone, currency), in minor units.
    public struct Total: Sendable, Equatable {
        /// Before re-rating.
        public var old: Int64
        /// After re-rating.
        public var new: Int64

        /// Creates a total.
        public init(old: Int64, new: Int64) {
            self.old = old
            self.new = new
        }
    }

    /// Calls priced again (calls of sources without a site are not counted).
    public var examined = 0
    /// Calls whose price changed.
    public var changed = 0
    /// (provider, zone, currency) joined by tabs → old and new total in minor units.
    public var totals: [String: Total] = [:]

    /// Zero counts.
    public init() {}

    /// Whether `new` is the price `old` already has (its previous cost aside); no old price differs.
    public static func samePrice(_ old: CallPricing?, _ new: CallPricing) -> Bool {
        guard var old else { return false }
        old.previousCostMinor = nil
        return old == new
    }

    /// Adds a call's old and new cost to the totals of their provider and zone.
    public mutating func add(old: CallPricing?, new: CallPricing) {
        if let old, let cost = old.costMinor {
            totals[Self.key(old), default: Total(old: 0, new: 0)].old += cost
        }
        if let cost = new.costMinor {
            totals[Self.key(new), default: Total(old: 0, new: 0)].new += cost
        }
    }

    /// The totals' key of a price: provider, zone and currency joined by tabs.
    public static func key(_ pricing: CallPricing) -> String {
        "\(pricing.provider)\t\(pricing.zone)\t\(pricing.currency)"
    }

    /// `N calls examined, N changed`, then one line per provider and zone:
    /// `provider zone: old → new currency`.
    public func report() -> String {
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
