import Numbering
import Rating
import TollbookCore

extension CallPricer {
    /// Prices every leg of `batch` and classifies its numbers (fills ``CallBatch/priced``).
    ///
    /// Gives the same results as ``pricing(for:)`` leg by leg, but cheaper: the shared part of
    /// each result is interned once per batch by an integer key, normalised text goes straight
    /// into the batch's arena, a number written twice on one leg is read once, and the local
    /// parties' numbers (which repeat across legs) once per batch.
    public func price(_ batch: inout CallBatch) {
        let session = PricingSession(pricer: self)
        session.price(&batch)
    }
}

/// Prices batch after batch of one import with caches that outlive a batch (the local parties'
/// numbers, which repeat across the whole file). Not thread-safe: one per thread that prices.
public final class PricingSession {
    private var state: BatchPricing
    /// Where the session counts how outgoing legs were read (the pricer's), if anywhere.
    private let plausibility: OutgoingPlausibility?

    /// A session for `pricer`; it counts into the pricer's ``CallPricer/plausibility``.
    public init(pricer: CallPricer) {
        state = BatchPricing(pricer: pricer)
        plausibility = pricer.plausibility
    }

    /// Prices every leg of `batch` like ``CallPricer/price(_:)``.
    public func price(_ batch: inout CallBatch) {
        state.startBatch()
        // Room for the normalised numbers: a few E.164 texts and a key per leg.
        batch.reserveText(batch.count * 48)
        // The rows are only read: this reference keeps them from being copied while the batch grows.
        let rows = batch.rows
        var outcomes: [Int32] = []
        if plausibility != nil { outcomes.reserveCapacity(rows.count) }
        for row in rows {
            let priced = state.price(LegFacts(row), into: &batch)
            batch.appendPriced(priced)
            if plausibility != nil { outcomes.append(priced.outcome) }
        }
        plausibility?.count(batch, outcomes: outcomes)
    }
}

/// The state of pricing: per-batch outcome indexes and longer-lived number caches.
struct BatchPricing {
    let pricer: CallPricer
    let reader: LegReader
    /// Local parties' numbers by raw text: a file holds the same few hundred many times.
    private var localNumbers = LocalNumberCache()
    /// The numbers read on the current leg (a leg often writes one number in several fields):
    /// the first `legCount` entries. They are overwritten, not removed, for the next leg.
    private var entries: [LegEntry] = []
    private var legCount = 0
    /// Reused for the digits of each number normalised (no array allocated per number).
    private var scratch: [UInt8] = []

    /// A number read on the current leg, its texts already in the arena (so a number shared by
    /// several fields is stored once). Holds no strings: copying one costs no reference counting.
    private struct LegEntry {
        var raw: CallBatch.Text
        var reading: Reading
        var category: NumberCategory
        var e164: CallBatch.Text
        var internalKey: CallBatch.Text
    }
    /// Outcome index in the batch by rating key, and by unrated or not-billable reason.
    private var ratedOutcomes: [RatedKey: Int32] = [:]
    /// The last rated outcome: consecutive legs often share one (same zone and band), and
    /// comparing a few integers is cheaper than hashing them.
    private var lastRated: (key: RatedKey, index: Int32)?
    /// Few and compared by a linear search (cheaper than hashing the reason).
    private var otherOutcomes: [(key: OtherKey, index: Int32)] = []

    private struct RatedKey: Hashable {
        let key: RatedOutcomeKey
        let category: NumberCategory
    }

    private struct OtherKey: Equatable {
        let status: CallPricing.Status
        let category: NumberCategory?
        let reason: String
    }

    init(pricer: CallPricer) {
        self.pricer = pricer
        reader = pricer.reader
        entries.reserveCapacity(8)
        scratch.reserveCapacity(32)
    }

    /// Forgets the outcome indexes of the previous batch (they index its ``CallBatch/outcomes``).
    mutating func startBatch() {
        ratedOutcomes.removeAll(keepingCapacity: true)
        lastRated = nil
        otherOutcomes.removeAll(keepingCapacity: true)
    }

    /// Prices one leg; its text goes into `batch`'s arena.
    mutating func price(_ leg: LegFacts<CallBatch.Text>, into batch: inout CallBatch) -> CallBatch.PricedRow {
        var row = CallBatch.PricedRow()
        legCount = 0
        switch reader.decide(leg) {
        case let .settled(status, reason, remote, reading):
            if remote.isEmpty {
                row.outcome = otherOutcome(status, nil, reason, into: &batch)
            } else {
                let number = read(remote, reading, into: &batch)
                row.outcome = otherOutcome(status, entries[number].category, reason, into: &batch)
                row.remoteE164 = entries[number].e164
            }
        case let .rate(dialled, reading):
            // The dialled number in full (its call-by-call prefix and national number matter here).
            let full = normalise(dialled, reading, in: batch)
            let number = remember(dialled, reading, LegNumber(full), into: &batch)
            let category = full.category
            switch pricer.rater.rateSummary(reader.request(leg, number: full, dialled: batch.string(dialled))) {
            case let .rated(costMinor, key):
                row.outcome = ratedOutcome(key, category, into: &batch)
                row.costMinor = costMinor
            case let .unrated(reason):
                row.outcome = otherOutcome(.unrated, category, reason.description, into: &batch)
            case let .notBillable(reason):
                row.outcome = otherOutcome(.notBillable, category, reason.description, into: &batch)
            }
            row.remoteE164 = entries[number].e164
        }
        if !leg.extension.isEmpty {
            let ext = read(leg.extension, .local, into: &batch)
            row.extensionKey = entries[ext].internalKey
            row.localE164 = entries[ext].e164
        }
        let sides = LegReader.sides(leg.direction)
        var packed: Int64 = 0
        func classify(_ raw: CallBatch.Text, _ side: LegReader.Side, slot: Int64, batch: inout CallBatch) -> CallBatch.Text {
            guard !raw.isEmpty else { return .empty }
            let number = read(raw, LegReader.reading(side, leg.direction), into: &batch)
            packed |= Int64(PricingCategoryCodes.code(entries[number].category)) << (4 * slot)
            let text = entries[number].e164
            // Equal to the remote or the local party's: stored as a reference (PartyNumberStorage).
            guard text.length > 0 else { return text }
            if batch.sameText(text, row.remoteE164) {
                packed |= PartyNumberStorage.reference(.remote, slot: slot)
                return .empty
            }
            if batch.sameText(text, row.localE164) {
                packed |= PartyNumberStorage.reference(.local, slot: slot)
                return .empty
            }
            return text
        }
        row.callingE164 = classify(leg.calling, sides.calling, slot: 0, batch: &batch)
        row.calledE164 = classify(leg.called, sides.called, slot: 1, batch: &batch)
        row.originalCalledE164 = classify(leg.originalCalled, sides.originalCalled, slot: 2, batch: &batch)
        row.connectedE164 = classify(leg.connected, sides.connected, slot: 3, batch: &batch)
        row.redirectingE164 = classify(leg.redirecting, sides.redirecting, slot: 4, batch: &batch)
        row.packedCategories = packed
        return row
    }

    /// The index of a number of the current leg read as `reading`: read once per leg, local
    /// parties once per file.
    private mutating func read(_ raw: CallBatch.Text, _ reading: Reading, into batch: inout CallBatch) -> Int {
        for index in 0..<legCount where entries[index].reading == reading && batch.sameText(entries[index].raw, raw) {
            return index
        }
        guard reading == .local else {
            return remember(raw, reading, LegNumber(normalise(raw, reading, in: batch)), into: &batch)
        }
        let range = Int(raw.offset)..<Int(raw.offset + raw.length)
        let cached = batch.withArena { localNumbers.index(of: UnsafeRawBufferPointer(rebasing: $0[range])) }
        let index: Int
        if let cached {
            index = cached
        } else {
            let number = LegNumber(reader.read(batch.string(raw), .local))
            index = batch.withArena { localNumbers.insert(UnsafeRawBufferPointer(rebasing: $0[range]), number) }
        }
        return remember(raw, reading, localNumbers[index], into: &batch)
    }

    /// Normalises a number of the arena as `reading` says, without making a string of it first.
    private mutating func normalise(_ raw: CallBatch.Text, _ reading: Reading, in batch: CallBatch) -> NormalisedNumber {
        var digits: [UInt8] = []
        swap(&digits, &scratch)
        defer { swap(&digits, &scratch) }
        let range = Int(raw.offset)..<Int(raw.offset + raw.length)
        return batch.withArena { reader.read(utf8: UnsafeRawBufferPointer(rebasing: $0[range]), reading, scratch: &digits) }
    }

    /// Adds a number read on the current leg, its texts to the arena; returns its index.
    private mutating func remember(_ raw: CallBatch.Text, _ reading: Reading, _ number: LegNumber,
                                   into batch: inout CallBatch) -> Int {
        let entry = LegEntry(raw: raw, reading: reading, category: number.category,
                             e164: number.e164.isEmpty ? .empty : batch.appendText(number.e164),
                             internalKey: number.internalKey.isEmpty ? .empty : batch.appendText(number.internalKey))
        if legCount < entries.count { entries[legCount] = entry } else { entries.append(entry) }
        legCount += 1
        return legCount - 1
    }

    private mutating func ratedOutcome(_ key: RatedOutcomeKey, _ category: NumberCategory,
                                       into batch: inout CallBatch) -> Int32 {
        let ratedKey = RatedKey(key: key, category: category)
        if let lastRated, lastRated.key == ratedKey { return lastRated.index }
        if let index = ratedOutcomes[ratedKey] {
            lastRated = (ratedKey, index)
            return index
        }
        let words = pricer.rater.describe(key)
        let index = batch.intern(PricingOutcome(
            status: .rated, remoteCategory: category.rawValue, currency: words.currency, provider: words.provider,
            tariffVersion: words.tariffVersion, zone: words.zone, destination: words.destination, bands: words.bands,
            increments: words.increments, pricing: PricingKind(words.rateKind)))
        ratedOutcomes[ratedKey] = index
        lastRated = (ratedKey, index)
        return index
    }

    private mutating func otherOutcome(_ status: CallPricing.Status, _ category: NumberCategory?, _ reason: String,
                                       into batch: inout CallBatch) -> Int32 {
        let key = OtherKey(status: status, category: category, reason: reason)
        for known in otherOutcomes where known.key == key { return known.index }
        let index = batch.intern(PricingOutcome(status: status, remoteCategory: category?.rawValue ?? "", reason: reason))
        if otherOutcomes.count < 64 { otherOutcomes.append((key, index)) }
        return index
    }
}

/// What the pricing stage keeps of a normalised number: less to copy than ``NormalisedNumber``.
/// Absent texts are empty (no optionals: copying those goes through a slower generic path).
struct LegNumber {
    /// E.164 text, "" for none.
    let e164: String
    let category: NumberCategory
    /// The internal key, "" for none.
    let internalKey: String

    init(_ number: NormalisedNumber) {
        e164 = number.e164 ?? ""
        category = number.category
        internalKey = number.internalKey ?? ""
    }
}

/// Category codes without a detour through the category's name.
public enum PricingCategoryCodes {
    /// The store's code of a category (``NumberCategoryCode``).
    public static func code(_ category: NumberCategory) -> UInt8 {
        switch category {
        case .internal: 1
        case .local: 2
        case .national: 3
        case .mobile: 4
        case .international: 5
        case .special: 6
        case .emergency: 7
        case .premium: 8
        case .unknown: 9
        }
    }
}
