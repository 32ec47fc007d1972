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

    /// Creates a stored call.
    public init(id: Int64, source: String, connector: String, call: CallRecord) {
        self.id = id
        self.source = source
        self.connector = connector
        self.call = call
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
            SELECT c.id, s.name, s.connector, c.vendor_record_id, c.correlation_id, c.start_ms, c.answer_ms, c.end_ms,
                   c.ring_ms, c.talk_ms, c.direction, c.disposition, c.flags, c.trunk, c.device, c.remote_device,
                   c.hunt_group, c.cause, c.cause_text, c.charge_units, c.charge_minor, c.charge_currency,
                   c.source_offset, c.source_length, c.extra, c.calling, c.called, c.original_called, c.connected,
                   c.redirecting, c.extension, c.remote, c.account_code, c.pin, c.project_code,
                   c.remote_e164, p.remote_category, c.extension_key, p.status, c.cost_minor, p.currency, p.provider,
                   p.tariff_version, p.zone, p.destination, p.bands, p.increments, p.reason, c.rated_ms,
                   c.previous_cost_minor, c.local_e164, c.calling_e164, c.called_e164, c.original_called_e164,
                   c.connected_e164, c.redirecting_e164, c.number_categories, p.pricing
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
        while try statement.step() {
            var call = CallRecord(
                vendorRecordID: statement.text(3), correlationID: statement.text(4), startMs: statement.int64(5),
                answerMs: statement.int64OrNil(6), endMs: statement.int64(7))
            call.ringMs = statement.int64(8)
            call.talkMs = statement.int64(9)
            call.direction = Direction(abiCode: Int32(truncatingIfNeeded: statement.int64(10)))
            call.disposition = Disposition(abiCode: Int32(truncatingIfNeeded: statement.int64(11)))
            call.flags = CallFlags(rawValue: UInt32(truncatingIfNeeded: statement.int64(12)))
            call.trunk = statement.text(13)
            call.device = statement.text(14)
            call.remoteDevice = statement.text(15)
            call.huntGroup = statement.text(16)
            call.cause = statement.int64OrNil(17)
            call.causeText = statement.text(18)
            call.chargeUnits = statement.int64OrNil(19)
            call.chargeMinor = statement.int64OrNil(20)
            call.chargeCurrency = statement.text(21)
            call.sourceOffset = UInt64(max(0, statement.int64(22)))
            call.sourceLength = UInt64(max(0, statement.int64(23)))
            call.extra = VendorFieldsJSON.decode(statement.text(24))
            call.parties = CallParties(
                calling: statement.text(25), called: statement.text(26), originalCalled: statement.text(27),
                connected: statement.text(28), redirecting: statement.text(29), extension: statement.text(30),
                remote: statement.text(31), accountCode: statement.text(32), pin: statement.text(33),
                projectCode: statement.text(34))
            if let status = CallPricing.Status(rawValue: statement.text(38)) {
                let numbers = PartyNumberStorage.load(
                    packed: statement.int64(56), own: (51...55).map { statement.text(Int32($0)) },
                    remoteE164: statement.text(35), localE164: statement.text(50))
                call.pricing = CallPricing(
                    remoteE164: statement.text(35), remoteCategory: statement.text(36), extensionKey: statement.text(37),
                    localE164: statement.text(50), numbers: numbers, status: status, costMinor: statement.int64OrNil(39), currency: statement.text(40),
                    provider: statement.text(41), tariffVersion: statement.text(42), zone: statement.text(43),
                    destination: statement.text(44), bands: statement.text(45), increments: statement.text(46),
                    unratedReason: statement.text(47), previousCostMinor: statement.int64OrNil(49),
                    pricing: PricingKind(rawValue: statement.text(57)))
            }
            try body(StoredCall(id: statement.int64(0), source: statement.text(1), connector: statement.text(2), call: call))
        }
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
            let assignments = Self.pricingColumns
                .split(separator: ",").map { "\($0.trimmingCharacters(in: .whitespaces)) = ?" }.joined(separator: ", ")
            statement = try database.prepare("""
                UPDATE calls SET previous_cost_minor = cost_minor, previous_rated_ms = rated_ms, \(assignments)
                WHERE id = ?
                """)
            updatePricingStatement = statement
        }
        try bindPricing(pricing, ratedMs: ratedMs, from: 1, to: statement)
        statement.bind(Int32(Self.pricingColumnCount) + 1, callID)
        try statement.run()
        return database.changes > 0
    }

    /// Calls every quarantined span, oldest first.
    public func forEachReject(_ body: (StoredReject) throws -> Void) throws {
        let statement = try database.prepare("""
            SELECT r.id, s.name, r.file_name, r.file_sha256, r.source_offset, r.reason, r.field, r.message, r.raw,
                   r.created_ms, r.import_id, r.conflict_call_id, r.conflict_raw
            FROM rejects r JOIN sources s ON s.id = r.source_id
            ORDER BY r.id
            """)
        while try statement.step() {
            let reject = QuarantinedInput(
                reason: RejectReason(rawValue: statement.text(5)) ?? .other,
                sourceOffset: UInt64(max(0, statement.int64(4))), raw: statement.blob(8), field: statement.text(6),
                message: statement.text(7))
            try body(StoredReject(
                id: statement.int64(0), source: statement.text(1), fileName: statement.text(2),
                fileSHA256: statement.text(3), reject: reject, createdMs: statement.int64(9),
                importID: statement.int64OrNil(10), conflictCallID: statement.int64OrNil(11),
                conflictRaw: statement.isNull(12) ? nil : statement.blob(12)))
        }
    }

    /// Number of stored call legs.
    public func callCount() throws -> Int {
        Int(try database.scalarInt("SELECT count(*) FROM calls") ?? 0)
    }
}

