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

    /// A session for `pricer`.
    public init(pricer: CallPricer) {
        state = BatchPricing(pricer: pricer)
    }

    /// Prices every leg of `batch` like ``CallPricer/price(_:)``.
    public func price(_ batch: inout CallBatch) {
        state.startBatch()
        // Room for the normalised numbers: a few E.164 texts and a key per leg.
        batch.reserveText(batch.count * 48)
        for index in batch.rows.indices {
            let leg = LegFacts(batch, row: batch.rows[index])
            let row = state.price(leg, into: &batch)
            batch.appendPriced(row)
        }
    }
}

/// The state of pricing: per-batch outcome indexes and longer-lived number caches.
struct BatchPricing {
    let pricer: CallPricer
    let reader: LegReader
    /// Local parties' numbers by raw text: a file holds the same few hundred many times.
    private var localNumbers: [String: LegNumber] = [:]
    /// The numbers read on the current leg (a leg often writes one number in several fields), in
    /// parallel arrays so that looking one up copies nothing; `legE164` is the number's E.164
    /// text once it is in the arena, so a number shared by several fields is stored once.
    private var legRaw: [String] = []
    private var legReading: [Reading] = []
    private var legNumbers: [LegNumber] = []
    private var legE164: [CallBatch.Text?] = []
    /// Outcome index in the batch by rating key, and by unrated or not-billable reason.
    private var ratedOutcomes: [RatedKey: Int32] = [:]
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
        legRaw.reserveCapacity(8)
        legReading.reserveCapacity(8)
        legNumbers.reserveCapacity(8)
        legE164.reserveCapacity(8)
    }

    /// Forgets the outcome indexes of the previous batch (they index its ``CallBatch/outcomes``).
    mutating func startBatch() {
        ratedOutcomes.removeAll(keepingCapacity: true)
        otherOutcomes.removeAll(keepingCapacity: true)
        if localNumbers.count > 50_000 { localNumbers.removeAll(keepingCapacity: true) }
    }

    /// Prices one leg; its text goes into `batch`'s arena.
    mutating func price(_ leg: LegFacts, into batch: inout CallBatch) -> CallBatch.PricedRow {
        var row = CallBatch.PricedRow()
        legRaw.removeAll(keepingCapacity: true)
        legReading.removeAll(keepingCapacity: true)
        legNumbers.removeAll(keepingCapacity: true)
        legE164.removeAll(keepingCapacity: true)
        switch reader.decide(leg) {
        case let .settled(status, reason, remote, reading):
            if remote.isEmpty {
                row.outcome = otherOutcome(status, nil, reason, into: &batch)
            } else {
                let number = read(remote, reading)
                row.outcome = otherOutcome(status, legNumbers[number].category, reason, into: &batch)
                row.remoteE164 = e164(number, into: &batch)
            }
        case let .rate(dialled, reading):
            // The dialled number in full (its call-by-call prefix and national number matter here).
            let full = reader.read(dialled, reading)
            let number = remember(dialled, reading, LegNumber(full))
            let category = full.category
            switch pricer.rater.rateSummary(reader.request(leg, number: full, dialled: dialled)) {
            case let .rated(costMinor, key):
                row.outcome = ratedOutcome(key, category, into: &batch)
                row.costMinor = costMinor
            case let .unrated(reason):
                row.outcome = otherOutcome(.unrated, category, reason.description, into: &batch)
            case let .notBillable(reason):
                row.outcome = otherOutcome(.notBillable, category, reason.description, into: &batch)
            }
            row.remoteE164 = e164(number, into: &batch)
        }
        if !leg.extension.isEmpty {
            let ext = read(leg.extension, .local)
            if let key = legNumbers[ext].internalKey { row.extensionKey = batch.appendText(key) }
            row.localE164 = e164(ext, into: &batch)
        }
        let sides = LegReader.sides(leg.direction)
        var packed: Int64 = 0
        func classify(_ raw: String, _ side: LegReader.Side, slot: Int64, batch: inout CallBatch) -> CallBatch.Text {
            guard !raw.isEmpty else { return .empty }
            let number = read(raw, LegReader.reading(side, leg.direction))
            packed |= Int64(PricingCategoryCodes.code(legNumbers[number].category)) << (4 * slot)
            let text = e164(number, into: &batch)
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
    private mutating func read(_ raw: String, _ reading: Reading) -> Int {
        for index in legRaw.indices where legReading[index] == reading && legRaw[index] == raw { return index }
        let number: LegNumber
        if reading == .local {
            if let known = localNumbers[raw] {
                number = known
            } else {
                number = LegNumber(reader.read(raw, .local))
                localNumbers[raw] = number
            }
        } else {
            number = LegNumber(reader.read(raw, reading))
        }
        return remember(raw, reading, number)
    }

    /// Adds a number read on the current leg; returns its index.
    private mutating func remember(_ raw: String, _ reading: Reading, _ number: LegNumber) -> Int {
        legRaw.append(raw)
        legReading.append(reading)
        legNumbers.append(number)
        legE164.append(nil)
        return legNumbers.count - 1
    }

    /// The E.164 text of number `index` of the leg in the arena, appended on first use.
    private mutating func e164(_ index: Int, into batch: inout CallBatch) -> CallBatch.Text {
        if let text = legE164[index] { return text }
        let text = legNumbers[index].e164.map { batch.appendText($0) } ?? .empty
        legE164[index] = text
        return text
    }

    private mutating func ratedOutcome(_ key: RatedOutcomeKey, _ category: NumberCategory,
                                       into batch: inout CallBatch) -> Int32 {
        let ratedKey = RatedKey(key: key, category: category)
        if let index = ratedOutcomes[ratedKey] { return index }
        let words = pricer.rater.describe(key)
        let index = batch.intern(PricingOutcome(
            status: .rated, remoteCategory: category.rawValue, currency: words.currency, provider: words.provider,
            tariffVersion: words.tariffVersion, zone: words.zone, destination: words.destination, bands: words.bands,
            increments: words.increments))
        ratedOutcomes[ratedKey] = index
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
struct LegNumber {
    let e164: String?
    let category: NumberCategory
    let internalKey: String?

    init(_ number: NormalisedNumber) {
        e164 = number.e164
        category = number.category
        internalKey = number.internalKey
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
