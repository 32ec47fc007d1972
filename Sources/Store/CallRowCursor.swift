internal import CSQLite
import TollbookCore

/// A source as the listing needs it.
public struct SourceNames: Sendable, Equatable {
    /// The source's name.
    public var name: String
    /// The connector (plugin id) of the source.
    public var connector: String
}

/// A row of `pricing_keys`: what many calls share about their pricing.
public struct PricingKeyRow: Sendable, Equatable {
    /// `rated`, `unrated`, … (``CallPricing/Status`` raw values).
    public var status: String
    /// The remote party's number category.
    public var remoteCategory: String
    /// ISO 4217 currency.
    public var currency: String
    /// The provider.
    public var provider: String
    /// The tariff version.
    public var tariffVersion: String
    /// The zone.
    public var zone: String
    /// The destination.
    public var destination: String
    /// The bands.
    public var bands: String
    /// The increments.
    public var increments: String
    /// Why the call could not be rated.
    public var reason: String
    /// How it was priced (``PricingKind`` raw value), "" when the column is empty.
    public var pricing: String
}

/// Streams stored call legs straight from a prepared statement on a ``QueryConnection``: column
/// values are read in place (pointer and length, valid until the next ``next()``), so that a
/// listing builds no Swift value per row. The lookups (sources, pricing keys) are read once.
///
/// Only the query layer uses it (an architecture test checks that).
public final class CallRowCursor {
    /// Column indexes of the cursor's rows.
    public enum Column {
        /// Column 0.
        public static let id: Int32 = 0
        /// Column 1.
        public static let sourceID: Int32 = 1
        /// Column 2.
        public static let vendorRecordID: Int32 = 2
        /// Column 3.
        public static let correlationID: Int32 = 3
        /// Column 4.
        public static let startMs: Int32 = 4
        /// Column 5.
        public static let answerMs: Int32 = 5
        /// Column 6.
        public static let endMs: Int32 = 6
        /// Column 7.
        public static let ringMs: Int32 = 7
        /// Column 8.
        public static let talkMs: Int32 = 8
        /// Column 9.
        public static let direction: Int32 = 9
        /// Column 10.
        public static let disposition: Int32 = 10
        /// Column 11.
        public static let flags: Int32 = 11
        /// Column 12.
        public static let trunk: Int32 = 12
        /// Column 13.
        public static let device: Int32 = 13
        /// Column 14.
        public static let remoteDevice: Int32 = 14
        /// Column 15.
        public static let huntGroup: Int32 = 15
        /// Column 16.
        public static let cause: Int32 = 16
        /// Column 17.
        public static let causeText: Int32 = 17
        /// Column 18.
        public static let chargeUnits: Int32 = 18
        /// Column 19.
        public static let chargeMinor: Int32 = 19
        /// Column 20.
        public static let chargeCurrency: Int32 = 20
        /// Column 21.
        public static let sourceOffset: Int32 = 21
        /// Column 22.
        public static let sourceLength: Int32 = 22
        /// Column 23.
        public static let extra: Int32 = 23
        /// Column 24.
        public static let calling: Int32 = 24
        /// Column 25.
        public static let called: Int32 = 25
        /// Column 26.
        public static let originalCalled: Int32 = 26
        /// Column 27.
        public static let connected: Int32 = 27
        /// Column 28.
        public static let redirecting: Int32 = 28
        public static let `extension`: Int32 = 29
        /// Column 30.
        public static let remote: Int32 = 30
        /// Column 31.
        public static let accountCode: Int32 = 31
        /// Column 32.
        public static let pin: Int32 = 32
        /// Column 33.
        public static let projectCode: Int32 = 33
        /// Column 34.
        public static let remoteE164: Int32 = 34
        /// Column 35.
        public static let extensionKey: Int32 = 35
        /// Column 36.
        public static let pricingKey: Int32 = 36
        /// Column 37.
        public static let costMinor: Int32 = 37
        /// Column 38.
        public static let previousCostMinor: Int32 = 38
        /// Column 39.
        public static let localE164: Int32 = 39
        /// Column 40: the calling party's own E.164 column; called, original called, connected and
        /// redirecting follow (41…44).
        public static let callingE164: Int32 = 40
        /// Column 45.
        public static let numberCategories: Int32 = 45
        /// Column 46: the privacy category (`business`, `project`, `private`, `pin`).
        public static let category: Int32 = 46
        /// Column 47: the protected-number class, NULL when none.
        public static let protectedClass: Int32 = 47
    }

    private static let selectList = """
        c.id, c.source_id, c.vendor_record_id, c.correlation_id, c.start_ms, c.answer_ms, c.end_ms, c.ring_ms, c.talk_ms,
        c.direction, c.disposition, c.flags, c.trunk, c.device, c.remote_device, c.hunt_group, c.cause, c.cause_text,
        c.charge_units, c.charge_minor, c.charge_currency, c.source_offset, c.source_length, c.extra, c.calling, c.called,
        c.original_called, c.connected, c.redirecting, c.extension, c.remote, c.account_code, c.pin, c.project_code,
        c.remote_e164, c.extension_key, c.pricing_key, c.cost_minor, c.previous_cost_minor, c.local_e164,
        c.calling_e164, c.called_e164, c.original_called_e164, c.connected_e164, c.redirecting_e164, c.number_categories,
        c.category, c.protected_class
        """

    /// What a cursor reads.
    public enum Columns: Sendable {
        /// Every column, ordered by start and id (listings, exports, the typed API).
        case all
        /// What the roll-ups' builder needs of a leg shown in full — times, codes, the hunt group,
        /// trunk, source, the local, called and originally called party, the other party's number
        /// and the privacy class — in start order only (ties in any order); the other columns read
        /// as NULL at their usual positions.
        case rollups
    }

    /// The columns ``Columns/rollups`` reads.
    private static let rollupColumns: Set<String> = [
        "c.id", "c.source_id", "c.correlation_id", "c.start_ms", "c.answer_ms", "c.end_ms", "c.ring_ms", "c.talk_ms",
        "c.direction", "c.disposition", "c.flags", "c.trunk", "c.hunt_group", "c.called", "c.original_called", "c.extension",
        "c.remote", "c.remote_e164", "c.pricing_key", "c.category", "c.protected_class",
    ]

    /// ``selectList`` with the columns ``Columns/rollups`` does not read replaced by NULL.
    private static let rollupSelectList: String = selectList.split(separator: ",")
        .map { String($0.filter { !$0.isWhitespace }) }
        .map { rollupColumns.contains($0) ? $0 : "NULL" }
        .joined(separator: ", ")

    /// Where the sealed blob and its data key id sit (encrypted stores only).
    private static let sealedColumn: Int32 = 48
    /// For each column position, the ``SealedCallField`` it is read from in an encrypted store (-1: none).
    private static let sealedSlots: [Int8] = {
        var slots = [Int8](repeating: -1, count: 48)
        assert(Column.protectedClass + 1 == sealedColumn)
        let map: [(Int32, SealedCallField)] = [
            (Column.calling, .calling), (Column.called, .called), (Column.originalCalled, .originalCalled),
            (Column.connected, .connected), (Column.redirecting, .redirecting), (Column.remote, .remote), (Column.extra, .extra),
            (Column.remoteE164, .remoteE164), (Column.localE164, .localE164), (Column.callingE164, .callingE164),
            (Column.callingE164 + 1, .calledE164), (Column.callingE164 + 2, .originalCalledE164),
            (Column.callingE164 + 3, .connectedE164), (Column.callingE164 + 4, .redirectingE164),
        ]
        for (column, field) in map { slots[Int(column)] = Int8(field.rawValue) }
        return slots
    }()

    private let statement: OpaquePointer
    private let keyring: StoreKeyring?
    /// The current row's opened fields (encrypted stores), valid until the next ``next()``.
    private var opened = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var openedRanges: [Range<Int>] = []
    private var rowIsSealed = false
    /// Keeps the connection open while the statement lives.
    private let connection: QueryConnection
    /// Sources by id.
    public let sources: [Int64: SourceNames]
    /// Pricing keys by id.
    public let pricingKeys: [Int64: PricingKeyRow]

    /// Prepares the legs matching `filter`, ordered by start and id (by id when paging with
    /// `afterID`), and reads the lookups. Run it inside ``QueryConnection/readTransaction(_:)`` so
    /// that lookups and rows come from one snapshot.
    /// - Throws: ``StoreEncryptionError/callDataLocked(path:)`` for an encrypted store opened without its key.
    public init(connection: QueryConnection, filter: CallFilter, columns: Columns = .all) throws {
        self.connection = connection
        if connection.callDataLocked { throw StoreEncryptionError.callDataLocked(path: connection.database.path) }
        keyring = connection.keyring
        var sources: [Int64: SourceNames] = [:]
        let sourceRows = try connection.prepare("SELECT id, name, connector FROM sources")
        while try sourceRows.step() {
            sources[sourceRows.int64(0)] = SourceNames(name: sourceRows.text(1), connector: sourceRows.text(2))
        }
        self.sources = sources
        var keys: [Int64: PricingKeyRow] = [:]
        let keyRows = try connection.prepare("""
            SELECT id, status, remote_category, currency, provider, tariff_version, zone, destination, bands, increments,
                   reason, pricing FROM pricing_keys
            """)
        while try keyRows.step() {
            keys[keyRows.int64(0)] = PricingKeyRow(
                status: keyRows.text(1), remoteCategory: keyRows.text(2), currency: keyRows.text(3),
                provider: keyRows.text(4), tariffVersion: keyRows.text(5), zone: keyRows.text(6),
                destination: keyRows.text(7), bands: keyRows.text(8), increments: keyRows.text(9), reason: keyRows.text(10),
                pricing: keyRows.text(11))
        }
        pricingKeys = keys

        var conditions = ["c.start_ms >= ?1", "c.start_ms < ?2"]
        if filter.source != nil { conditions.append("c.source_id IN (SELECT id FROM sources WHERE name = ?3)") }
        if filter.unratedOnly {
            conditions.append("c.pricing_key IN (SELECT id FROM pricing_keys WHERE status = 'unrated')")
        }
        if filter.id != nil { conditions.append("c.id = ?4") }
        if filter.afterID != nil { conditions.append("c.id > ?5") }
        let order = filter.afterID != nil ? "c.id" : columns == .rollups ? "c.start_ms" : "c.start_ms, c.id"
        let limit = filter.limit.map { " LIMIT \(max(0, $0))" } ?? ""
        statement = try connection.prepareRaw("""
            SELECT \(columns == .rollups ? Self.rollupSelectList : Self.selectList)\(keyring != nil ? ", c.sealed, c.data_key_id" : "") FROM calls c
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order)\(limit)
            """)
        try check(sqlite3_bind_int64(statement, 1, filter.fromMs ?? Int64.min))
        try check(sqlite3_bind_int64(statement, 2, filter.toMs ?? Int64.max))
        if let source = filter.source {
            try check(sqlite3_bind_text(statement, 3, source, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self)))
        }
        if let id = filter.id { try check(sqlite3_bind_int64(statement, 4, id)) }
        if let afterID = filter.afterID { try check(sqlite3_bind_int64(statement, 5, afterID)) }
    }

    deinit {
        sqlite3_finalize(statement)
        opened.deallocate()
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else {
            throw StoreError.sqlite(code: code, message: connection.database.errorMessage(), context: "binding a query parameter")
        }
    }

    /// Moves to the next row; `false` when there is none.
    @inline(__always)
    public func next() throws -> Bool {
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW {
            if let keyring { try openSealed(keyring) }
            return true
        }
        if code == SQLITE_DONE { return false }
        throw StoreError.sqlite(code: code, message: connection.database.errorMessage(), context: "reading calls")
    }

    /// Opens the current row's sealed blob into ``opened``.
    private func openSealed(_ keyring: StoreKeyring) throws {
        guard sqlite3_column_type(statement, Self.sealedColumn) != SQLITE_NULL,
              let blob = sqlite3_column_blob(statement, Self.sealedColumn) else {
            rowIsSealed = false
            return
        }
        let id = int64(Column.id)
        let sealed = UnsafeRawBufferPointer(start: blob, count: Int(sqlite3_column_bytes(statement, Self.sealedColumn)))
        let cipher = try keyring.readCipher(id: int64(Self.sealedColumn + 1), database: connection.database)
        try keyring.open(sealed, cipher: cipher, table: "calls", column: "sealed", rowID: id)
        let count = keyring.opened.count
        if opened.count < count {
            opened.deallocate()
            opened = UnsafeMutableRawBufferPointer.allocate(byteCount: max(256, count * 2), alignment: 1)
        }
        keyring.opened.withUnsafeBytes { opened.copyMemory(from: $0) }
        guard let ranges = StoreKeyring.unpack(UnsafeRawBufferPointer(rebasing: opened[0..<count])),
              ranges.count == SealedCallField.count else {
            throw StoreEncryptionError.decryptionFailed(table: "calls", rowID: id)
        }
        openedRanges = ranges
        rowIsSealed = true
    }

    /// Integer column (0 for NULL).
    @inline(__always)
    public func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    /// Whether the column is NULL.
    @inline(__always)
    public func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    /// Integer column, `nil` for NULL.
    @inline(__always)
    public func int64OrNil(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    /// The UTF-8 bytes of a text column in place (empty for NULL), valid until the next ``next()``.
    @inline(__always)
    public func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
        if rowIsSealed, column >= 0, column < 48 {
            let slot = Self.sealedSlots[Int(column)]
            if slot >= 0 { return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(opened)[openedRanges[Int(slot)]]) }
        }
        guard let pointer = sqlite3_column_text(statement, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// Text column as a String ("" for NULL; invalid UTF-8 replaced).
    public func text(_ column: Int32) -> String {
        String(decoding: bytes(column), as: UTF8.self)
    }

    /// The current row as a ``StoredCall`` (the same values ``CallStore/forEachCall(_:_:)`` reads);
    /// without `vendorFields` the vendor's extra fields are not decoded (empty), for readers that sum
    /// times and outcomes only (the roll-ups' maintenance read).
    public func storedCall(vendorFields: Bool = true) -> StoredCall {
        typealias C = Column
        var call = CallRecord(
            vendorRecordID: text(C.vendorRecordID), correlationID: text(C.correlationID), startMs: int64(C.startMs),
            answerMs: int64OrNil(C.answerMs), endMs: int64(C.endMs))
        call.ringMs = int64(C.ringMs)
        call.talkMs = int64(C.talkMs)
        call.direction = Direction(abiCode: Int32(truncatingIfNeeded: int64(C.direction)))
        call.disposition = Disposition(abiCode: Int32(truncatingIfNeeded: int64(C.disposition)))
        call.flags = CallFlags(rawValue: UInt32(truncatingIfNeeded: int64(C.flags)))
        call.trunk = text(C.trunk)
        call.device = text(C.device)
        call.remoteDevice = text(C.remoteDevice)
        call.huntGroup = text(C.huntGroup)
        call.cause = int64OrNil(C.cause)
        call.causeText = text(C.causeText)
        call.chargeUnits = int64OrNil(C.chargeUnits)
        call.chargeMinor = int64OrNil(C.chargeMinor)
        call.chargeCurrency = text(C.chargeCurrency)
        call.sourceOffset = UInt64(max(0, int64(C.sourceOffset)))
        call.sourceLength = UInt64(max(0, int64(C.sourceLength)))
        if vendorFields { call.extra = VendorFieldsJSON.decode(text(C.extra)) }
        call.parties = CallParties(
            calling: text(C.calling), called: text(C.called), originalCalled: text(C.originalCalled),
            connected: text(C.connected), redirecting: text(C.redirecting), extension: text(C.extension),
            remote: text(C.remote), accountCode: text(C.accountCode), pin: text(C.pin), projectCode: text(C.projectCode))
        if !isNull(C.pricingKey), let key = pricingKeys[int64(C.pricingKey)],
           let status = CallPricing.Status(rawValue: key.status) {
            let numbers = PartyNumberStorage.load(
                packed: int64(C.numberCategories), own: (0..<5).map { text(C.callingE164 + Int32($0)) },
                remoteE164: text(C.remoteE164), localE164: text(C.localE164))
            call.pricing = CallPricing(
                remoteE164: text(C.remoteE164), remoteCategory: key.remoteCategory, extensionKey: text(C.extensionKey),
                localE164: text(C.localE164), numbers: numbers, status: status, costMinor: int64OrNil(C.costMinor),
                currency: key.currency, provider: key.provider, tariffVersion: key.tariffVersion, zone: key.zone,
                destination: key.destination, bands: key.bands, increments: key.increments, unratedReason: key.reason,
                previousCostMinor: int64OrNil(C.previousCostMinor), pricing: PricingKind(rawValue: key.pricing))
        }
        let source = sources[int64(C.sourceID)]
        let protectedClass = text(C.protectedClass)
        return StoredCall(id: int64(C.id), source: source?.name ?? "", connector: source?.connector ?? "", call: call,
                          category: CallCategory(rawValue: text(C.category)) ?? .business,
                          protectedClass: protectedClass.isEmpty ? nil : protectedClass)
    }
}
