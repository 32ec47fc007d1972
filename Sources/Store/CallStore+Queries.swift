import Foundation
import TollbookCore

/// A call leg as read back from the store, with where it came from.
public struct StoredCall: Sendable, Equatable {
    /// The store's id of the leg.
    public var id: Int64
    /// The source (PBX) name.
    public var source: String
    /// The connector (plugin id) that produced it.
    public var connector: String
    /// The leg.
    public var call: CallRecord
    /// What the call was made for (privacy category).
    public var category: CallCategory
    /// The protected-number class whose label replaced the call's numbers, `nil` when none did.
    public var protectedClass: String?

    /// Creates a stored call.
    public init(id: Int64, source: String, connector: String, call: CallRecord, category: CallCategory = .business,
                protectedClass: String? = nil) {
        self.id = id
        self.source = source
        self.connector = connector
        self.call = call
        self.category = category
        self.protectedClass = protectedClass
    }
}

/// A quarantined span as read back from the store.
public struct StoredReject: Sendable, Equatable {
    /// The store's id.
    public var id: Int64
    /// The source name.
    public var source: String
    /// The file's name as imported.
    public var fileName: String
    /// SHA-256 of the file, hex.
    public var fileSHA256: String
    /// The span and reason.
    public var reject: QuarantinedInput
    /// When it was quarantined, UTC milliseconds.
    public var createdMs: Int64
    /// The import-log row of the file or stream it came from, if any.
    public var importID: Int64? = nil
    /// For a ``RejectReason/conflict``: the stored leg the record differs from.
    public var conflictCallID: Int64? = nil
    /// For a ``RejectReason/conflict``: the stored leg's bytes, when they could be read back.
    public var conflictRaw: [UInt8]? = nil
}

/// Which stored legs a query returns.
public struct CallFilter: Sendable, Equatable {
    /// Only legs starting at or after this instant (UTC ms).
    public var fromMs: Int64?
    /// Only legs starting before this instant (UTC ms).
    public var toMs: Int64?
    /// Only legs of this source.
    public var source: String?
    /// Only legs whose rating ended `unrated`.
    public var unratedOnly = false
    /// Only the leg with this id.
    public var id: Int64?
    /// Page through legs by id: only ids above this, in id order (instead of start order).
    public var afterID: Int64?
    /// At most this many legs.
    public var limit: Int?

    /// Creates a filter; all criteria are optional.
    public init(fromMs: Int64? = nil, toMs: Int64? = nil, source: String? = nil, unratedOnly: Bool = false, id: Int64? = nil,
                afterID: Int64? = nil, limit: Int? = nil) {
        self.fromMs = fromMs
        self.toMs = toMs
        self.source = source
        self.unratedOnly = unratedOnly
        self.id = id
        self.afterID = afterID
        self.limit = limit
    }
}

extension CallStore {
    /// Calls every stored leg whose start lies in `[fromMs, toMs)`, ordered by start and id.
    /// Streams row by row: memory does not grow with the result.
    public func forEachCall(fromMs: Int64?, toMs: Int64?, _ body: (StoredCall) throws -> Void) throws {
        try forEachCall(CallFilter(fromMs: fromMs, toMs: toMs), body)
    }

    /// Calls every stored leg that matches `filter`, ordered by start and id, row by row.
    public func forEachCall(_ filter: CallFilter, _ body: (StoredCall) throws -> Void) throws {
        try checkCallDataUnlocked()
        var conditions = ["c.start_ms >= ?", "c.start_ms < ?"]
        if filter.source != nil { conditions.append("s.name = ?") }
        if filter.unratedOnly {
            conditions.append("c.pricing_key IN (SELECT id FROM pricing_keys WHERE status = 'unrated')")
        }
        if filter.id != nil { conditions.append("c.id = ?") }
        if filter.afterID != nil { conditions.append("c.id > ?") }
        let order = filter.afterID == nil ? "c.start_ms, c.id" : "c.id"
        let limit = filter.limit.map { " LIMIT \($0)" } ?? ""
        let statement = try database.prepare("""
            SELECT \(CallReadLayout.selectList)\(keyring != nil ? ", c.sealed, c.data_key_id" : "")
            FROM calls c JOIN sources s ON s.id = c.source_id LEFT JOIN pricing_keys p ON p.id = c.pricing_key
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(order)\(limit)
            """)
        statement.bind(1, filter.fromMs ?? Int64.min)
        statement.bind(2, filter.toMs ?? Int64.max)
        var next: Int32 = 3
        if let source = filter.source {
            statement.bind(next, source)
            next += 1
        }
        if let id = filter.id {
            statement.bind(next, id)
            next += 1
        }
        if let afterID = filter.afterID { statement.bind(next, afterID) }
        guard let keyring else {
            while try statement.step() {
                try body(Self.storedCall(from: statement))
            }
            return
        }
        let sealedColumn = CallReadLayout.previousCost + 1
        while try statement.step() {
            var stored = Self.storedCall(from: statement)
            if !statement.isNull(sealedColumn) {
                let fields = try statement.blob(sealedColumn).withUnsafeBytes {
                    try keyring.openCall($0, keyID: statement.int64(sealedColumn + 1), rowID: stored.id, database: database)
                }
                Self.apply(fields, packedCategories: statement.int64(PricingColumn.numberCategories), to: &stored)
            }
            try body(stored)
        }
    }

    /// The leg at the current row of a statement laid out by ``CallReadLayout``.
    @inline(__always)
    static func storedCall(from row: SQLiteStatement) -> StoredCall {
        var call = CallRecord(
            vendorRecordID: row.text(.vendorRecordID), correlationID: row.text(.correlationID), startMs: row.int64(.startMs),
            answerMs: row.int64OrNil(.answerMs), endMs: row.int64(.endMs))
        call.ringMs = row.int64(.ringMs)
        call.talkMs = row.int64(.talkMs)
        call.direction = Direction(abiCode: Int32(truncatingIfNeeded: row.int64(.direction)))
        call.disposition = Disposition(abiCode: Int32(truncatingIfNeeded: row.int64(.disposition)))
        call.flags = CallFlags(rawValue: UInt32(truncatingIfNeeded: row.int64(.flags)))
        call.trunk = row.text(.trunk)
        call.device = row.text(.device)
        call.remoteDevice = row.text(.remoteDevice)
        call.huntGroup = row.text(.huntGroup)
        call.cause = row.int64OrNil(.cause)
        call.causeText = row.text(.causeText)
        call.chargeUnits = row.int64OrNil(.chargeUnits)
        call.chargeMinor = row.int64OrNil(.chargeMinor)
        call.chargeCurrency = row.text(.chargeCurrency)
        call.sourceOffset = UInt64(max(0, row.int64(.sourceOffset)))
        call.sourceLength = UInt64(max(0, row.int64(.sourceLength)))
        call.extra = VendorFieldsJSON.decode(row.text(.extra))
        call.parties = CallParties(
            calling: row.text(.calling), called: row.text(.called), originalCalled: row.text(.originalCalled),
            connected: row.text(.connected), redirecting: row.text(.redirecting), extension: row.text(.extension),
            remote: row.text(.remote), accountCode: row.text(.accountCode), pin: row.text(.pin),
            projectCode: row.text(.projectCode))
        if let status = CallPricing.Status(rawValue: row.text(PricingKeyColumn.status)) {
            let remoteE164 = row.text(PricingColumn.remoteE164)
            let localE164 = row.text(PricingColumn.localE164)
            let numbers = PartyNumberStorage.load(
                packed: row.int64(PricingColumn.numberCategories), own: PricingColumn.partyNumbers.map { row.text($0) },
                remoteE164: remoteE164, localE164: localE164)
            call.pricing = CallPricing(
                remoteE164: remoteE164, remoteCategory: row.text(.remoteCategory), extensionKey: row.text(PricingColumn.extensionKey),
                localE164: localE164, numbers: numbers, status: status, costMinor: row.int64OrNil(PricingColumn.costMinor),
                currency: row.text(.currency), provider: row.text(.provider), tariffVersion: row.text(.tariffVersion),
                zone: row.text(.zone), destination: row.text(.destination), bands: row.text(.bands),
                increments: row.text(.increments), unratedReason: row.text(.reason),
                previousCostMinor: row.int64OrNil(CallReadLayout.previousCost),
                pricing: PricingKind(rawValue: row.text(PricingKeyColumn.pricing)))
        }
        let protectedClass = row.text(.protectedClass)
        return StoredCall(id: row.int64(CallReadLayout.id), source: row.text(CallReadLayout.source),
                          connector: row.text(CallReadLayout.connector), call: call,
                          category: CallCategory(rawValue: row.text(.category)) ?? .business,
                          protectedClass: protectedClass.isEmpty ? nil : protectedClass)
    }

    /// Replaces the pricing of stored legs (re-rating); the old cost becomes `previous_cost_minor`.
    /// Runs in the caller's transaction (``beginBatch()`` … ``commitBatch()``).
    /// - Returns: whether the leg exists.
    @discardableResult
    public func updatePricing(callID: Int64, to pricing: CallPricing, ratedMs: Int64) throws -> Bool {
        let statement: SQLiteStatement
        if let cached = updatePricingStatement {
            statement = cached
        } else {
            let assignments = PricingColumn.allCases.map { "\($0.name) = ?" }.joined(separator: ", ")
            statement = try database.prepare("""
                UPDATE calls SET previous_cost_minor = cost_minor, previous_rated_ms = rated_ms, \(assignments)
                WHERE id = ?
                """)
            updatePricingStatement = statement
        }
        try checkCallDataUnlocked()
        try bindPricing(pricing, ratedMs: ratedMs, from: 1, to: statement)
        if keyring != nil {
            for column in SealedRow.plainPricingColumns { statement.bindNull(1 + column.rawValue) }
        }
        statement.bind(PricingColumn.count + 1, callID)
        try statement.run()
        let found = database.changes > 0
        if found, let keyring { try resealPricing(callID: callID, pricing: pricing, keyring: keyring) }
        return found
    }

    /// Calls every quarantined span, oldest first (with its raw bytes).
    public func forEachReject(_ body: (StoredReject) throws -> Void) throws {
        try checkCallDataUnlocked()
        let statement = try database.prepare(StoredReject.selectSQL(rawBytes: true, sealed: keyring != nil))
        while try statement.step() {
            var reject = StoredReject(row: statement)
            if let keyring { try reject.openSealedRaw(statement, keyring: keyring, database: database) }
            try body(reject)
        }
    }

    /// Number of stored call legs.
    public func callCount() throws -> Int {
        Int(try database.scalarInt("SELECT count(*) FROM calls") ?? 0)
    }

    /// Number of stored call legs of one source (0 for an unknown source).
    public func callCount(sourceID: Int64) throws -> Int {
        let statement = try database.prepare("SELECT count(*) FROM calls WHERE source_id = ?")
        statement.bind(1, sourceID)
        return try statement.step() ? Int(statement.int64(0)) : 0
    }
}

