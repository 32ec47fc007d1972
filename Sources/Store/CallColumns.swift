/// The columns of `calls` that an import writes, in statement order: the one table the INSERT's
/// column list and placeholders, its bind positions and the reader's select list are generated
/// from. A bind or read names a column (`.trunk`), never a hand-counted number; adding a column is
/// one case here (and one in ``name``, which the compiler asks for).
enum CallColumn: Int32, CaseIterable {
    // The raw value is the column's 1-based position in the INSERT (its bind index).
    case sourceID = 1, vendorRecordID, correlationID, startMs, answerMs, endMs, ringMs, talkMs, direction, disposition,
         flags, trunk, device, remoteDevice, huntGroup, cause, causeText, chargeUnits, chargeMinor, chargeCurrency,
         sourceOffset, sourceLength, extra, calling, called, originalCalled, connected, redirecting, `extension`, remote,
         accountCode, pin, projectCode, importID, vendorKey, contentHash, category, protectedClass

    /// The column's name in the schema.
    var name: String {
        switch self {
        case .sourceID: return "source_id"
        case .vendorRecordID: return "vendor_record_id"
        case .correlationID: return "correlation_id"
        case .startMs: return "start_ms"
        case .answerMs: return "answer_ms"
        case .endMs: return "end_ms"
        case .ringMs: return "ring_ms"
        case .talkMs: return "talk_ms"
        case .direction: return "direction"
        case .disposition: return "disposition"
        case .flags: return "flags"
        case .trunk: return "trunk"
        case .device: return "device"
        case .remoteDevice: return "remote_device"
        case .huntGroup: return "hunt_group"
        case .cause: return "cause"
        case .causeText: return "cause_text"
        case .chargeUnits: return "charge_units"
        case .chargeMinor: return "charge_minor"
        case .chargeCurrency: return "charge_currency"
        case .sourceOffset: return "source_offset"
        case .sourceLength: return "source_length"
        case .extra: return "extra"
        case .calling: return "calling"
        case .called: return "called"
        case .originalCalled: return "original_called"
        case .connected: return "connected"
        case .redirecting: return "redirecting"
        case .extension: return "extension"
        case .remote: return "remote"
        case .accountCode: return "account_code"
        case .pin: return "pin"
        case .projectCode: return "project_code"
        case .importID: return "import_id"
        case .vendorKey: return "vendor_key"
        case .contentHash: return "content_hash"
        case .category: return "category"
        case .protectedClass: return "protected_class"
        }
    }

    /// Number of columns (the pricing columns follow them in a priced INSERT). A literal, so that
    /// positions fold to constants on the hot path; `CallColumnsMatchTheSchemaTests` checks it.
    static var count: Int32 { 38 }
}

/// The per-call pricing columns of `calls`, in the order an INSERT (after ``CallColumn``) and the
/// re-rating UPDATE bind them. The raw value is the offset from the first pricing parameter.
enum PricingColumn: Int32, CaseIterable {
    case pricingKey = 0, costMinor, remoteE164, extensionKey, ratedMs, localE164, callingE164, calledE164,
         originalCalledE164, connectedE164, redirectingE164, numberCategories

    /// The column's name in the schema.
    var name: String {
        switch self {
        case .pricingKey: return "pricing_key"
        case .costMinor: return "cost_minor"
        case .remoteE164: return "remote_e164"
        case .extensionKey: return "extension_key"
        case .ratedMs: return "rated_ms"
        case .localE164: return "local_e164"
        case .callingE164: return "calling_e164"
        case .calledE164: return "called_e164"
        case .originalCalledE164: return "original_called_e164"
        case .connectedE164: return "connected_e164"
        case .redirectingE164: return "redirecting_e164"
        case .numberCategories: return "number_categories"
        }
    }

    /// Number of columns (a literal like ``CallColumn/count``, checked by the same test).
    static var count: Int32 { 12 }
    /// The party numbers' own columns, in ``PartyNumberStorage``'s order.
    static let partyNumbers: [PricingColumn] = [.callingE164, .calledE164, .originalCalledE164, .connectedE164, .redirectingE164]
}

/// The shared pricing outcome of many calls, one row of `pricing_keys`, in the order its lookup,
/// its insert and the call reader use.
enum PricingKeyColumn: Int32, CaseIterable {
    case status = 0, remoteCategory, currency, provider, tariffVersion, zone, destination, bands, increments, reason,
         pricing

    /// The column's name in the schema.
    var name: String {
        switch self {
        case .status: return "status"
        case .remoteCategory: return "remote_category"
        case .currency: return "currency"
        case .provider: return "provider"
        case .tariffVersion: return "tariff_version"
        case .zone: return "zone"
        case .destination: return "destination"
        case .bands: return "bands"
        case .increments: return "increments"
        case .reason: return "reason"
        case .pricing: return "pricing"
        }
    }
}

/// The select list of the call reader (``CallStore/forEachCall(_:_:)``) and where each part sits:
/// the leg's id, source and connector, every ``CallColumn``, every ``PricingColumn``, every
/// ``PricingKeyColumn`` (from the joined `pricing_keys`) and the previous cost.
enum CallReadLayout {
    /// `c.id`.
    static var id: Int32 { 0 }
    /// `s.name`.
    static var source: Int32 { 1 }
    /// `s.connector`.
    static var connector: Int32 { 2 }
    /// Where the ``CallColumn``s start (position of raw value 1).
    static var firstCall: Int32 { 3 }
    /// Where the ``PricingColumn``s start.
    static var firstPricing: Int32 { firstCall + CallColumn.count }
    /// Where the ``PricingKeyColumn``s start.
    static var firstPricingKey: Int32 { firstPricing + PricingColumn.count }
    /// `c.previous_cost_minor` (after the 11 ``PricingKeyColumn``s).
    static var previousCost: Int32 { firstPricingKey + 11 }

    /// The select list, in the positions above.
    static let selectList: String = (["c.id", "s.name", "s.connector"]
        + CallColumn.allCases.map { "c.\($0.name)" }
        + PricingColumn.allCases.map { "c.\($0.name)" }
        + PricingKeyColumn.allCases.map { "p.\($0.name)" }
        + ["c.previous_cost_minor"]).joined(separator: ", ")

    /// The result position of a call column.
    @inline(__always) static func position(_ column: CallColumn) -> Int32 { firstCall + column.rawValue - 1 }
    /// The result position of a pricing column.
    @inline(__always) static func position(_ column: PricingColumn) -> Int32 { firstPricing + column.rawValue }
    /// The result position of a pricing-key column.
    @inline(__always) static func position(_ column: PricingKeyColumn) -> Int32 { firstPricingKey + column.rawValue }
}

extension SQLiteStatement {
    /// Binds an integer to a call column of an INSERT laid out by ``CallColumn``.
    @inline(__always) func bind(_ column: CallColumn, _ value: Int64) { bind(column.rawValue, value) }
    /// Binds an optional integer (NULL for `nil`) to a call column.
    @inline(__always) func bind(_ column: CallColumn, _ value: Int64?) { bind(column.rawValue, value) }
    /// Binds borrowed UTF-8 text to a call column.
    @inline(__always) func bind(_ column: CallColumn, borrowing bytes: UnsafeRawBufferPointer) {
        bind(column.rawValue, borrowing: bytes)
    }
    /// Binds borrowed UTF-8 text, or NULL when empty, to a call column.
    @inline(__always) func bindNullIfEmpty(_ column: CallColumn, borrowing bytes: UnsafeRawBufferPointer) {
        bindNullIfEmpty(column.rawValue, borrowing: bytes)
    }

    /// Text of a call column of the reader's result.
    @inline(__always) func text(_ column: CallColumn) -> String { text(CallReadLayout.position(column)) }
    /// Integer of a call column of the reader's result (0 for NULL).
    @inline(__always) func int64(_ column: CallColumn) -> Int64 { int64(CallReadLayout.position(column)) }
    /// Integer of a call column of the reader's result, `nil` for NULL.
    @inline(__always) func int64OrNil(_ column: CallColumn) -> Int64? { int64OrNil(CallReadLayout.position(column)) }
    /// Text of a pricing column of the reader's result.
    @inline(__always) func text(_ column: PricingColumn) -> String { text(CallReadLayout.position(column)) }
    /// Integer of a pricing column of the reader's result, `nil` for NULL.
    @inline(__always) func int64OrNil(_ column: PricingColumn) -> Int64? { int64OrNil(CallReadLayout.position(column)) }
    /// Integer of a pricing column of the reader's result (0 for NULL).
    @inline(__always) func int64(_ column: PricingColumn) -> Int64 { int64(CallReadLayout.position(column)) }
    /// Text of a pricing-key column of the reader's result.
    @inline(__always) func text(_ column: PricingKeyColumn) -> String { text(CallReadLayout.position(column)) }
}
