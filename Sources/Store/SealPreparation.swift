import Crypto
import TollbookCore

/// The part of sealing a batch's calls that needs neither the database nor row ids: each leg's
/// personal fields packed into its plaintext, the name of its data key and the blind index of
/// its remote number. An import computes it on the parsing thread (``SealPreparer``), so the
/// writing thread only looks up the key and encrypts (the row id is bound into the AAD there).
public struct PreparedSeals: Sendable {
    /// One data key the batch's legs are sealed under, as offsets into ``bytes``: the key name's
    /// subject `[start, subjectEnd)` and its "\u{1}category\u{1}month" suffix `[subjectEnd, end)`.
    struct Slot: Sendable {
        var start: Int32
        var subjectEnd: Int32
        var end: Int32
        /// The subject is the source's site (`site:` + the source's name, known only to the store).
        var siteSubject: Bool
    }

    /// One leg: its key's slot, its packed plaintext `[start, end)` in ``bytes``, its blind index.
    struct Row: Sendable {
        var slot: Int32
        var start: Int32
        var end: Int32
        var blindIndex: Int64
        var hasBlindIndex: Bool
        /// The leg's start, to check the preparation belongs to the batch it is used with.
        var startMs: Int64
    }

    var bytes: [UInt8] = []
    var slots: [Slot] = []
    var rows: [Row] = []

    /// Whether this preparation was made from exactly these legs.
    func matches(_ batch: CallBatch) -> Bool {
        guard rows.count == batch.rows.count else { return false }
        for (prepared, row) in zip(rows, batch.rows) where prepared.startMs != row.startMs { return false }
        return true
    }
}

/// Prepares the sealing of batches for an encrypted store (see ``PreparedSeals``); made by
/// ``CallStore/sealPreparer()``. It holds the blind-index key. Used by one thread at a time
/// (an import's parsing thread, a capture instance's ingest thread).
public final class SealPreparer: @unchecked Sendable {
    private let indexer: BlindIndexer
    private var months = MonthNames()
    /// Reused buffer of a leg's key name.
    private var name: [UInt8] = []

    init(indexKey: SymmetricKey) throws {
        indexer = try BlindIndexer(key: indexKey)
    }

    /// The blind index of a number.
    func blindIndex(_ number: UnsafeRawBufferPointer) throws -> Int64 {
        try indexer.index(number)
    }

    /// Packs every leg of `batch` (see ``PreparedSeals``).
    /// - Throws: ``StoreEncryptionError/cipherUnavailable(reason:)`` when the blind index cannot be computed.
    public func prepare(_ batch: CallBatch) throws -> PreparedSeals {
        var seals = PreparedSeals()
        seals.rows.reserveCapacity(batch.rows.count)
        seals.bytes.reserveCapacity(batch.rows.count * 200)
        let outcomes = batch.outcomes.count
        var slots: [KeyName: Int32] = [:]
        try batch.withArena { arena in
            for (index, row) in batch.rows.enumerated() {
                let priced = batch.isPriced && index < batch.priced.count ? batch.priced[index] : CallBatch.PricedRow()
                seals.rows.append(try prepareRow(row, priced: priced, outcomes: outcomes, arena: arena, slots: &slots,
                                                 into: &seals))
            }
        }
        return seals
    }

    /// Appends one leg's plaintext (and its key's name, when new to the batch) to `seals`.
    private func prepareRow(_ row: CallBatch.Row, priced: CallBatch.PricedRow, outcomes: Int, arena: UnsafeRawBufferPointer,
                            slots: inout [KeyName: Int32], into seals: inout PreparedSeals) throws -> PreparedSeals.Row {
        func text(_ value: CallBatch.Text) -> UnsafeRawBufferPointer {
            let start = Int(value.offset)
            return UnsafeRawBufferPointer(rebasing: arena[start..<start + Int(value.length)])
        }
        let hasPricing = priced.outcome >= 0 && Int(priced.outcome) < outcomes
        func pricedText(_ value: CallBatch.Text) -> UnsafeRawBufferPointer {
            hasPricing ? text(value) : UnsafeRawBufferPointer(start: nil, count: 0)
        }
        // The subject: the call's internal owner key, in the org chart's allocation order.
        name.removeAll(keepingCapacity: true)
        var siteSubject = false
        if row.pin.length > 0 {
            name.append(contentsOf: "pin:".utf8)
            name.append(contentsOf: text(row.pin))
        } else if row.accountCode.length > 0 {
            name.append(contentsOf: "account:".utf8)
            name.append(contentsOf: text(row.accountCode))
        } else if hasPricing, priced.extensionKey.length > 0 {
            name.append(contentsOf: "extension:".utf8)
            name.append(contentsOf: text(priced.extensionKey))
        } else if row.device.length > 0 {
            name.append(contentsOf: "device:".utf8)
            name.append(contentsOf: text(row.device))
        } else {
            name.append(contentsOf: "site:".utf8)
            siteSubject = true
        }
        let subjectCount = name.count
        name.append(1)
        name.append(contentsOf: row.category.rawValue.utf8)
        name.append(1)
        name.append(contentsOf: months.month(ofMs: row.startMs).utf8)
        let slot: Int32
        if let known = slots[KeyName(bytes: name)] {
            slot = known
        } else {
            slot = Int32(seals.slots.count)
            let start = seals.bytes.count
            seals.bytes.append(contentsOf: name)
            seals.slots.append(PreparedSeals.Slot(start: Int32(start), subjectEnd: Int32(start + subjectCount),
                                                  end: Int32(seals.bytes.count), siteSubject: siteSubject))
            slots[KeyName(bytes: name)] = slot
        }
        let start = Int32(seals.bytes.count)
        let remoteE164 = pricedText(priced.remoteE164)
        seals.bytes.append(StoreKeyring.compactLayout)
        // In SealedCallField order.
        StoreKeyring.appendField(text(row.calling), to: &seals.bytes)
        StoreKeyring.appendField(text(row.called), to: &seals.bytes)
        StoreKeyring.appendField(text(row.originalCalled), to: &seals.bytes)
        StoreKeyring.appendField(text(row.connected), to: &seals.bytes)
        StoreKeyring.appendField(text(row.redirecting), to: &seals.bytes)
        StoreKeyring.appendField(text(row.remote), to: &seals.bytes)
        StoreKeyring.appendField(text(row.extraJSON), to: &seals.bytes)
        StoreKeyring.appendField(remoteE164, to: &seals.bytes)
        StoreKeyring.appendField(pricedText(priced.localE164), to: &seals.bytes)
        StoreKeyring.appendField(pricedText(priced.callingE164), to: &seals.bytes)
        StoreKeyring.appendField(pricedText(priced.calledE164), to: &seals.bytes)
        StoreKeyring.appendField(pricedText(priced.originalCalledE164), to: &seals.bytes)
        StoreKeyring.appendField(pricedText(priced.connectedE164), to: &seals.bytes)
        StoreKeyring.appendField(pricedText(priced.redirectingE164), to: &seals.bytes)
        let number = remoteE164.count > 0 ? remoteE164 : text(row.remote)
        let index = number.count > 0 ? try indexer.index(number) : 0
        return PreparedSeals.Row(slot: slot, start: start, end: Int32(seals.bytes.count), blindIndex: index,
                                 hasBlindIndex: number.count > 0, startMs: row.startMs)
    }
}
