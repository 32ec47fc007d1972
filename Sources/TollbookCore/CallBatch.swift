/// Call legs in compact form, for moving many of them quickly: one fixed-size ``Row`` per leg and
/// one byte arena that holds all their text.
///
/// A batch holds no reference-counted values per leg, so building, handing over between threads
/// and storing a batch allocates per batch, not per leg or field. ``record(at:)`` turns a row
/// into a ``CallRecord`` where code wants the convenient form.
public struct CallBatch: Sendable {
    /// A UTF-8 string inside the arena.
    public struct Text: Sendable, Equatable {
        /// Offset of the first byte in the arena.
        public var offset: UInt32
        /// Length in bytes.
        public var length: UInt32

        /// The empty string.
        public static let empty = Text(offset: 0, length: 0)
    }

    /// One call leg: the fields of ``CallRecord``, with text as arena references and absent
    /// integers as `Int64.min`.
    public struct Row: Sendable {
        public var vendorRecordID = Text.empty
        public var correlationID = Text.empty
        public var startMs: Int64 = 0
        public var answerMs: Int64 = .min
        public var endMs: Int64 = 0
        public var ringMs: Int64 = 0
        public var talkMs: Int64 = 0
        public var direction = Direction.unknown
        public var disposition = Disposition.unknown
        public var flags = CallFlags()
        public var calling = Text.empty
        public var called = Text.empty
        public var originalCalled = Text.empty
        public var connected = Text.empty
        public var redirecting = Text.empty
        public var `extension` = Text.empty
        public var remote = Text.empty
        public var accountCode = Text.empty
        public var pin = Text.empty
        public var projectCode = Text.empty
        public var trunk = Text.empty
        public var device = Text.empty
        public var remoteDevice = Text.empty
        public var huntGroup = Text.empty
        public var causeText = Text.empty
        public var chargeCurrency = Text.empty
        public var cause: Int64 = .min
        public var chargeUnits: Int64 = .min
        public var chargeMinor: Int64 = .min
        public var sourceOffset: UInt64 = 0
        public var sourceLength: UInt64 = 0
        /// The vendor fields as a JSON object of strings (empty when there are none).
        public var extraJSON = Text.empty
        /// What the call was made for (set by the ingest pipeline's categorisation; business until then).
        public var category = CallCategory.business
        /// The protected-number class whose label replaced the numbers (empty when none did).
        public var protectedClass = Text.empty

        /// Creates a row with every field empty or absent.
        public init() {}
    }

    /// A leg's normalised numbers and price, with text in the arena and the shared part as an
    /// index into ``CallBatch/outcomes``.
    public struct PricedRow: Sendable {
        /// Index into ``CallBatch/outcomes``; -1 when the leg was not priced.
        public var outcome: Int32 = -1
        /// The cost in minor units, `Int64.min` when there is none.
        public var costMinor: Int64 = .min
        /// The remote party in E.164.
        public var remoteE164 = Text.empty
        /// The local party's site-scoped key.
        public var extensionKey = Text.empty
        /// The local party's E.164 number.
        public var localE164 = Text.empty
        /// E.164 of calling, called, original called, connected and redirecting party.
        public var callingE164 = Text.empty
        public var calledE164 = Text.empty
        public var originalCalledE164 = Text.empty
        public var connectedE164 = Text.empty
        public var redirectingE164 = Text.empty
        /// Categories of those five numbers and where their E.164 is (``PartyNumberStorage``): a
        /// party's own column is empty when it equals the remote or the local party's.
        public var packedCategories: Int64 = 0

        /// Creates an unpriced row.
        public init() {}
    }

    /// The legs.
    public internal(set) var rows: [Row] = []
    /// The text of all legs.
    public internal(set) var arena: [UInt8] = []
    /// Normalised numbers and prices, one per row once the batch was rated (empty before).
    public private(set) var priced: [PricedRow] = []
    /// The distinct shared parts of the legs' pricing (``PricedRow/outcome`` indexes them).
    public private(set) var outcomes: [PricingOutcome] = []
    private var outcomeIndex: [PricingOutcome: Int32] = [:]

    /// Whether the batch was priced.
    public var isPriced: Bool { !priced.isEmpty }

    /// Creates an empty batch.
    public init() {}

    /// Creates an empty batch with room for `rows` legs and `arenaBytes` bytes of text, so that
    /// filling it does not reallocate (size it like the previous batch).
    public init(reservingRows rows: Int, arenaBytes: Int) {
        self.rows.reserveCapacity(rows)
        arena.reserveCapacity(arenaBytes)
    }

    /// Creates a batch of `records`.
    public init(_ records: [CallRecord]) {
        for record in records { append(record) }
    }

    /// Number of legs.
    public var count: Int { rows.count }

    /// Whether the batch has no legs.
    public var isEmpty: Bool { rows.isEmpty }

    /// Adds a finished row (its text must already be in the arena).
    public mutating func append(_ row: Row) {
        rows.append(row)
    }

    /// Changes the leg at `index` in place — how ingest stages set a leg's category or replace its
    /// text (new text goes into the arena with ``appendText(_:)-(String)`` first).
    public mutating func updateRow(at index: Int, _ body: (inout Row) throws -> Void) rethrows {
        try body(&rows[index])
    }

    /// Removes every leg, keeping the memory for the next batch.
    public mutating func removeAll() {
        rows.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        priced.removeAll(keepingCapacity: true)
        outcomes.removeAll(keepingCapacity: true)
        outcomeIndex.removeAll(keepingCapacity: true)
    }

    /// The index of `outcome` in ``outcomes``, adding it on first use.
    public mutating func intern(_ outcome: PricingOutcome) -> Int32 {
        if let index = outcomeIndex[outcome] { return index }
        let index = Int32(outcomes.count)
        outcomes.append(outcome)
        outcomeIndex[outcome] = index
        return index
    }

    /// Sets the pricing of the next row without one (row number ``priced``.count): price the
    /// rows in order.
    public mutating func appendPriced(_ row: PricedRow) {
        if priced.isEmpty { priced.reserveCapacity(rows.count) }
        priced.append(row)
    }

    /// Copies `pricing` into the batch as the pricing of the last appended row.
    mutating func appendPricing(_ pricing: CallPricing) {
        var row = PricedRow()
        row.outcome = intern(pricing.outcome)
        row.costMinor = pricing.costMinor ?? .min
        row.remoteE164 = appendText(pricing.remoteE164)
        row.extensionKey = appendText(pricing.extensionKey)
        row.localE164 = appendText(pricing.localE164)
        let stored = PartyNumberStorage.store(pricing.numbers, remoteE164: pricing.remoteE164, localE164: pricing.localE164)
        row.callingE164 = appendText(stored.own[0])
        row.calledE164 = appendText(stored.own[1])
        row.originalCalledE164 = appendText(stored.own[2])
        row.connectedE164 = appendText(stored.own[3])
        row.redirectingE164 = appendText(stored.own[4])
        row.packedCategories = stored.packed
        while priced.count < rows.count - 1 { priced.append(PricedRow()) }
        appendPriced(row)
    }

    /// Whether two texts of the arena hold the same bytes. Inlinable: pricing compares a few
    /// texts per leg.
    @inlinable
    public func sameText(_ lhs: Text, _ rhs: Text) -> Bool {
        guard lhs.length == rhs.length else { return false }
        if lhs.offset == rhs.offset || lhs.length == 0 { return true }
        return arena.withUnsafeBytes { bytes in
            let left = Int(lhs.offset)
            let right = Int(rhs.offset)
            for index in 0..<Int(lhs.length) where bytes[left + index] != bytes[right + index] { return false }
            return true
        }
    }

    /// The pricing of the row at `index` as a ``CallPricing``, if it was priced.
    public func pricing(at index: Int) -> CallPricing? {
        guard index < priced.count, priced[index].outcome >= 0 else { return nil }
        let row = priced[index]
        let remote = string(row.remoteE164)
        let local = string(row.localE164)
        let numbers = PartyNumberStorage.load(
            packed: row.packedCategories,
            own: [row.callingE164, row.calledE164, row.originalCalledE164, row.connectedE164, row.redirectingE164].map(string),
            remoteE164: remote, localE164: local)
        return CallPricing(
            outcome: outcomes[Int(row.outcome)], costMinor: row.costMinor == .min ? nil : row.costMinor,
            remoteE164: remote, extensionKey: string(row.extensionKey), localE164: local, numbers: numbers)
    }

    /// Copies UTF-8 bytes into the arena; invalid UTF-8 is replaced (U+FFFD) on the way.
    public mutating func appendText(_ bytes: UnsafeRawBufferPointer) -> Text {
        guard !bytes.isEmpty else { return .empty }
        let start = arena.count
        if bytes.allSatisfy({ $0 < 0x80 }) {
            arena.append(contentsOf: bytes)
        } else {
            arena.append(contentsOf: String(decoding: bytes, as: UTF8.self).utf8)
        }
        return Text(offset: UInt32(truncatingIfNeeded: start), length: UInt32(truncatingIfNeeded: arena.count - start))
    }

    /// Copies a string into the arena.
    public mutating func appendText(_ text: String) -> Text {
        guard !text.isEmpty else { return .empty }
        let start = arena.count
        var text = text
        text.withUTF8 { arena.append(contentsOf: $0) }
        return Text(offset: UInt32(truncatingIfNeeded: start), length: UInt32(truncatingIfNeeded: arena.count - start))
    }

    /// Makes room for `bytes` more bytes of text, so that appending them does not move the arena
    /// several times.
    public mutating func reserveText(_ bytes: Int) {
        arena.reserveCapacity(arena.count + bytes)
    }

    /// Writes vendor fields into the arena as one JSON object of strings.
    public mutating func appendExtraJSON(_ fields: [(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)]) -> Text {
        guard !fields.isEmpty else { return .empty }
        let start = arena.count
        arena.append(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { arena.append(UInt8(ascii: ",")) }
            JSONText.appendQuoted(bytes: field.key, to: &arena)
            arena.append(UInt8(ascii: ":"))
            JSONText.appendQuoted(bytes: field.value, to: &arena)
        }
        arena.append(UInt8(ascii: "}"))
        return Text(offset: UInt32(truncatingIfNeeded: start), length: UInt32(truncatingIfNeeded: arena.count - start))
    }

    /// The string a text reference stands for.
    public func string(_ text: Text) -> String {
        guard text.length > 0 else { return "" }
        let start = Int(text.offset)
        return arena.withUnsafeBytes { String(decoding: $0[start..<start + Int(text.length)], as: UTF8.self) }
    }

    /// Runs `body` with the arena's bytes (for binding text without copying it).
    public func withArena<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try arena.withUnsafeBytes(body)
    }
}

extension CallBatch {
    /// Adds a ``CallRecord``.
    public mutating func append(_ record: CallRecord) {
        var row = Row()
        row.vendorRecordID = appendText(record.vendorRecordID)
        row.correlationID = appendText(record.correlationID)
        row.startMs = record.startMs
        row.answerMs = record.answerMs ?? .min
        row.endMs = record.endMs
        row.ringMs = record.ringMs
        row.talkMs = record.talkMs
        row.direction = record.direction
        row.disposition = record.disposition
        row.flags = record.flags
        let parties = record.parties
        row.calling = appendText(parties.calling)
        row.called = appendText(parties.called)
        row.originalCalled = appendText(parties.originalCalled)
        row.connected = appendText(parties.connected)
        row.redirecting = appendText(parties.redirecting)
        row.extension = appendText(parties.extension)
        row.remote = appendText(parties.remote)
        row.accountCode = appendText(parties.accountCode)
        row.pin = appendText(parties.pin)
        row.projectCode = appendText(parties.projectCode)
        row.trunk = appendText(record.trunk)
        row.device = appendText(record.device)
        row.remoteDevice = appendText(record.remoteDevice)
        row.huntGroup = appendText(record.huntGroup)
        row.causeText = appendText(record.causeText)
        row.chargeCurrency = appendText(record.chargeCurrency)
        row.cause = record.cause ?? .min
        row.chargeUnits = record.chargeUnits ?? .min
        row.chargeMinor = record.chargeMinor ?? .min
        row.sourceOffset = record.sourceOffset
        row.sourceLength = record.sourceLength
        row.extraJSON = record.extra.isEmpty ? .empty : appendText(JSONText.object(record.extra.map { ($0.key, $0.value) }))
        rows.append(row)
        if let pricing = record.pricing { appendPricing(pricing) }
    }

    /// The leg at `index` as a ``CallRecord``.
    public func record(at index: Int) -> CallRecord {
        let row = rows[index]
        func optional(_ value: Int64) -> Int64? { value == .min ? nil : value }
        return CallRecord(
            vendorRecordID: string(row.vendorRecordID), correlationID: string(row.correlationID), startMs: row.startMs,
            answerMs: optional(row.answerMs), endMs: row.endMs, ringMs: row.ringMs, talkMs: row.talkMs,
            direction: row.direction, disposition: row.disposition, flags: row.flags,
            parties: CallParties(
                calling: string(row.calling), called: string(row.called), originalCalled: string(row.originalCalled),
                connected: string(row.connected), redirecting: string(row.redirecting), extension: string(row.extension),
                remote: string(row.remote), accountCode: string(row.accountCode), pin: string(row.pin),
                projectCode: string(row.projectCode)),
            trunk: string(row.trunk), device: string(row.device), remoteDevice: string(row.remoteDevice),
            huntGroup: string(row.huntGroup), cause: optional(row.cause), causeText: string(row.causeText),
            chargeUnits: optional(row.chargeUnits), chargeMinor: optional(row.chargeMinor),
            chargeCurrency: string(row.chargeCurrency), sourceOffset: row.sourceOffset, sourceLength: row.sourceLength,
            extra: VendorFieldsJSON.decode(string(row.extraJSON)),
            pricing: pricing(at: index))
    }

    /// Every leg as a ``CallRecord``.
    public var records: [CallRecord] {
        rows.indices.map(record(at:))
    }
}
