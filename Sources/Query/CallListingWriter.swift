import Store
import TollbookCore

/// The formats of the fast call listing.
public enum CallListingFormat: String, Sendable, CaseIterable {
    /// One JSON array, one object per line.
    case json
    /// One JSON object per line.
    case jsonl
    /// RFC 4180: a header record, then one record per leg, CR LF line breaks.
    case csv
}

/// Writes call rows from a ``CallRowCursor`` straight into a ``ByteOutput``: column bytes are
/// escaped in place, what many rows share (sources, pricing keys, flags, directions) is rendered
/// once, and no Swift string or array is built per row, except for values that need the reference
/// rendering's exact Unicode handling (non-ASCII text) and vendor extras. The bytes equal
/// ``CallListing/values(of:)`` rendered by ``FieldValue`` (a test compares them).
public struct CallListingWriter {
    /// The format.
    public let format: CallListingFormat
    private let output: ByteOutput
    /// Owns the bytes of every rendered fragment below (raw pointers: no reference counting per row).
    private let fragments = FragmentStore()
    /// `{"id":` and `,"name":` per field, for JSON.
    private let keys: UnsafeMutablePointer<UnsafeRawBufferPointer>
    /// Directions and dispositions by ABI code (0: unknown).
    private let directions: UnsafeMutablePointer<UnsafeRawBufferPointer>
    private let dispositions: UnsafeMutablePointer<UnsafeRawBufferPointer>
    /// Number categories by code, in this format ("" → null or empty).
    private let categories: UnsafeMutablePointer<UnsafeRawBufferPointer>
    private let nullBytes: UnsafeRawBufferPointer
    private var sourceCache: [Int64: SourceFragments] = [:]
    private var lastSourceID: Int64?
    private var lastSource = SourceFragments()
    private var keyCache: [Int64: PricingFragments?] = [:]
    private var lastKeyID: Int64?
    private var lastKey: PricingFragments?
    private var flagCache: [UInt32: FlagFragments] = [:]
    private var lastFlagsValue: UInt32?
    private var lastFlags = FlagFragments()
    private var lastDay: Int64 = .min
    private var lastDate: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    /// Rows written.
    public private(set) var rows = 0
    /// The `watermark` field closing every row (`,"watermark":"…"` or `,…` in CSV), empty without one.
    private let watermarkBytes: [UInt8]

    /// A source's name and connector, rendered.
    struct SourceFragments {
        var name = UnsafeRawBufferPointer(start: nil, count: 0)
        var connector = UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// A flags value's leg kind and flag list, rendered.
    struct FlagFragments {
        var legKind = UnsafeRawBufferPointer(start: nil, count: 0)
        var flags = UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// Pricing-key fields rendered once per key.
    struct PricingFragments {
        var remoteCategory: UnsafeRawBufferPointer
        var status: UnsafeRawBufferPointer
        var pricing: UnsafeRawBufferPointer
        var currency: UnsafeRawBufferPointer
        var provider: UnsafeRawBufferPointer
        var zone: UnsafeRawBufferPointer
        var destination: UnsafeRawBufferPointer
        var reason: UnsafeRawBufferPointer
        var tariffVersion: UnsafeRawBufferPointer
        var bands: UnsafeRawBufferPointer
        var increments: UnsafeRawBufferPointer
        /// Digits after the decimal point of the currency.
        var minorDigits: Int
    }

    /// Starts a listing in `format` on `output` (writes the CSV header or the opening bracket).
    /// With a `watermark` (output made under a four-eyes unlock), every row ends with a field
    /// `watermark` holding it (a last CSV column of that name).
    public init(format: CallListingFormat, output: ByteOutput, watermark: String? = nil) throws {
        self.format = format
        self.output = output
        if let watermark {
            let value = FieldValue.text(watermark)
            watermarkBytes = Array((format == .csv ? "," + value.csv : ",\"watermark\":" + value.json).utf8)
        } else {
            watermarkBytes = []
        }
        let store = fragments
        keys = store.table(CallListing.fields.enumerated().map { index, name in
            Array(((index == 0 ? "{" : ",") + "\"" + name + "\":").utf8)
        })
        let render = { (text: String) -> [UInt8] in
            Array((format == .csv ? FieldValue.text(text).csv : FieldValue.text(text).json).utf8)
        }
        directions = store.table((0...4).map { render(Direction(abiCode: Int32($0)).rawValue) })
        dispositions = store.table((0...6).map { render(Disposition(abiCode: Int32($0)).rawValue) })
        categories = store.table((0..<16).map { code in
            let name = NumberCategoryCode.name(UInt8(code))
            let value: FieldValue = name.isEmpty ? .null : .text(name)
            return Array((format == .csv ? value.csv : value.json).utf8)
        })
        nullBytes = store.intern(format == .csv ? [] : Array("null".utf8))
        switch format {
        case .csv: try output.append(FieldValue.csvRecord(fields: CallListing.fields + (watermarkBytes.isEmpty ? [] : ["watermark"])))
        case .json: try output.append(UInt8(ascii: "["))
        case .jsonl: break
        }
    }

    /// Ends the listing (the closing bracket of JSON) and flushes the output.
    public mutating func finish() throws {
        if format == .json { try output.append(rows == 0 ? "]\n" : "\n]\n") }
        try output.flush()
    }

    /// Writes the cursor's current row.
    public mutating func write(_ row: CallRowCursor) throws {
        typealias C = CallRowCursor.Column
        switch format {
        case .json:
            try output.append(rows == 0 ? newline : commaNewline)
        case .jsonl, .csv:
            break
        }
        let sourceID = row.int64(C.sourceID)
        if sourceID != lastSourceID {
            if let cached = sourceCache[sourceID] {
                lastSource = cached
            } else {
                let names = row.sources[sourceID]
                lastSource = SourceFragments(name: fragments.intern(renderText(names?.name ?? "")),
                                             connector: fragments.intern(renderText(names?.connector ?? "")))
                sourceCache[sourceID] = lastSource
            }
            lastSourceID = sourceID
        }
        let flagsValue = UInt32(truncatingIfNeeded: row.int64(C.flags))
        if flagsValue != lastFlagsValue {
            if let cached = flagCache[flagsValue] {
                lastFlags = cached
            } else {
                let flags = CallFlags(rawValue: flagsValue)
                let list = FieldValue.list(flags.names)
                lastFlags = FlagFragments(legKind: fragments.intern(renderText(LegKind(flags: flags).rawValue)),
                                          flags: fragments.intern(Array((format == .csv ? list.csv : list.json).utf8)))
                flagCache[flagsValue] = lastFlags
            }
            lastFlagsValue = flagsValue
        }
        var pricing: PricingFragments?
        if !row.isNull(C.pricingKey) {
            let key = row.int64(C.pricingKey)
            if key != lastKeyID {
                if let cached = keyCache[key] {
                    lastKey = cached
                } else {
                    lastKey = row.pricingKeys[key].flatMap { makeFragments($0) }
                    keyCache[key] = lastKey
                }
                lastKeyID = key
            }
            pricing = lastKey
        }

        try field(0); try integer(row.int64(C.id))
        try field(1); try output.append(lastSource.name)
        try field(2); try output.append(lastSource.connector)
        try field(3); try text(row.bytes(C.vendorRecordID))
        try field(4); try text(row.bytes(C.correlationID))
        try field(5); try timestamp(row.int64(C.startMs))
        try field(6)
        if row.isNull(C.answerMs) { try null() } else { try timestamp(row.int64(C.answerMs)) }
        try field(7); try timestamp(row.int64(C.endMs))
        try field(8); try seconds(row.int64(C.ringMs))
        try field(9); try seconds(row.int64(C.talkMs))
        try field(10); try output.append(directions[Self.codeIndex(row.int64(C.direction), count: 4)])
        try field(11); try output.append(dispositions[Self.codeIndex(row.int64(C.disposition), count: 6)])
        try field(12); try text(row.bytes(C.calling))
        try field(13); try text(row.bytes(C.called))
        try field(14); try text(row.bytes(C.originalCalled))
        try field(15); try text(row.bytes(C.connected))
        try field(16); try text(row.bytes(C.redirecting))
        try field(17); try text(row.bytes(C.extension))
        try field(18); try text(row.bytes(C.remote))
        try field(19); try text(row.bytes(C.trunk))
        try field(20); try text(row.bytes(C.device))
        try field(21); try text(row.bytes(C.huntGroup))
        try field(22); try text(row.bytes(C.accountCode))
        try field(23); try text(row.bytes(C.projectCode))
        try field(24); try optionalInteger(row, C.cause)
        try field(25); try text(row.bytes(C.causeText))
        try field(26); try optionalInteger(row, C.chargeUnits)
        try field(27); try optionalInteger(row, C.chargeMinor)
        try field(28); try text(row.bytes(C.chargeCurrency))
        try field(29); try output.append(lastFlags.legKind)
        try field(30); try output.append(lastFlags.flags)
        if let fragments = pricing {
            let remote = row.bytes(C.remoteE164)
            let local = row.bytes(C.localE164)
            try field(31); try nullableText(remote)
            try field(32); try output.append(fragments.remoteCategory)
            try field(33); try output.append(fragments.status)
            try field(34); try output.append(fragments.pricing)
            try field(35)
            if row.isNull(C.costMinor) { try null() } else { try money(row.int64(C.costMinor), digits: fragments.minorDigits) }
            try field(36); try optionalInteger(row, C.costMinor)
            try field(37); try output.append(fragments.currency)
            try field(38); try output.append(fragments.provider)
            try field(39); try output.append(fragments.zone)
            try field(40); try output.append(fragments.destination)
            try field(41); try output.append(fragments.reason)
            try field(42); try nullableText(row.bytes(C.extensionKey))
            try field(43); try nullableText(local)
            let packed = row.int64(C.numberCategories)
            for slot in 0..<5 {
                try field(44 + 2 * slot)
                switch PartyNumberStorage.reference(in: packed, slot: Int64(slot)) {
                case .own: try nullableText(row.bytes(C.callingE164 + Int32(slot)))
                case .remote: try nullableText(remote)
                case .local: try nullableText(local)
                }
                try field(45 + 2 * slot)
                try output.append(categories[Int((packed >> (4 * Int64(slot))) & 0xF)])
            }
        } else {
            for index in 31...53 {
                try field(index)
                try null()
            }
        }
        try field(54); try text(row.bytes(C.remoteDevice))
        try field(55); try text(row.bytes(C.pin))
        try field(56); try integer(max(0, row.int64(C.sourceOffset)))
        try field(57); try integer(max(0, row.int64(C.sourceLength)))
        try field(58); try extra(row.bytes(C.extra))
        if let fragments = pricing {
            try field(59); try output.append(fragments.tariffVersion)
            try field(60); try output.append(fragments.bands)
            try field(61); try output.append(fragments.increments)
            try field(62); try optionalInteger(row, C.previousCostMinor)
        } else {
            for index in 59...62 {
                try field(index)
                try null()
            }
        }
        try field(63); try text(row.bytes(C.category))
        try field(64); try nullableText(row.bytes(C.protectedClass))
        try endRow()
    }

    /// Writes one row given as the reference values (``CallListing/values(of:)``): for rows the
    /// query layer shows differently from their stored bytes (masked or unlocked).
    public mutating func write(values: [FieldValue]) throws {
        switch format {
        case .json:
            try output.append(rows == 0 ? newline : commaNewline)
            try output.append(String(FieldValue.jsonObject(header: CallListing.fields, values: values).dropLast()))
        case .jsonl:
            try output.append(String(FieldValue.jsonObject(header: CallListing.fields, values: values).dropLast()))
        case .csv:
            try output.append(FieldValue.csvLine(values))
        }
        try endRow()
    }

    /// The watermark, the row's end, and the count.
    private mutating func endRow() throws {
        if !watermarkBytes.isEmpty { try output.append(watermarkBytes) }
        switch format {
        case .csv:
            try output.append(13)
            try output.append(10)
        case .json: try output.append(125)
        case .jsonl:
            try output.append(125)
            try output.append(10)
        }
        rows += 1
    }

    private let newline: [UInt8] = [10]
    private let commaNewline: [UInt8] = [44, 10]

    private static func codeIndex(_ code: Int64, count: Int) -> Int {
        code >= 1 && code <= Int64(count) ? Int(code) : 0
    }

    private func makeFragments(_ key: PricingKeyRow) -> PricingFragments? {
        guard let status = CallPricing.Status(rawValue: key.status) else { return nil }
        let kind = PricingKind(rawValue: key.pricing) ?? PricingKind(status: status)
        let store = fragments
        return PricingFragments(
            remoteCategory: store.intern(renderNullable(key.remoteCategory)), status: store.intern(renderText(status.rawValue)),
            pricing: store.intern(renderText(kind.rawValue)), currency: store.intern(renderNullable(key.currency)),
            provider: store.intern(renderNullable(key.provider)), zone: store.intern(renderNullable(key.zone)),
            destination: store.intern(renderNullable(key.destination)), reason: store.intern(renderNullable(key.reason)),
            tariffVersion: store.intern(renderNullable(key.tariffVersion)), bands: store.intern(renderNullable(key.bands)),
            increments: store.intern(renderNullable(key.increments)), minorDigits: MoneyFormat.minorDigits(key.currency))
    }

    private func renderText(_ text: String) -> [UInt8] {
        Array((format == .csv ? FieldValue.text(text).csv : FieldValue.text(text).json).utf8)
    }

    private func renderNullable(_ text: String) -> [UInt8] {
        text.isEmpty ? (format == .csv ? [] : Array("null".utf8)) : renderText(text)
    }

    // MARK: Values

    @inline(__always)
    private func field(_ index: Int) throws {
        if format == .csv {
            if index > 0 { try output.append(44) }
        } else {
            try output.append(keys[index])
        }
    }

    @inline(__always)
    private func null() throws {
        if format != .csv { try output.append(nullBytes) }
    }

    @inline(__always)
    private func optionalInteger(_ row: CallRowCursor, _ column: Int32) throws {
        if row.isNull(column) { try null() } else { try integer(row.int64(column)) }
    }

    /// Decimal digits of `value`.
    @inline(__always)
    private func integer(_ value: Int64) throws {
        try output.reserve(20)
        if value < 0 {
            guard value != .min else {
                try output.append(String(value))
                return
            }
            output.put(45)
            digits(UInt64(-value))
        } else {
            digits(UInt64(value))
        }
    }

    @inline(__always)
    private func digits(_ value: UInt64) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { buffer in
            var position = 24
            var rest = value
            repeat {
                position -= 1
                buffer[position] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                rest /= 10
            } while rest > 0
            for index in position..<24 { output.put(buffer[index]) }
        }
    }

    /// `FieldValue.secondsText`: `12` or `12.345` (trailing zeros of the fraction dropped).
    @inline(__always)
    private func seconds(_ ms: Int64) throws {
        guard ms >= 0 else {
            try output.append(FieldValue.secondsText(ms))
            return
        }
        try integer(ms / 1000)
        var rest = ms % 1000
        guard rest != 0 else { return }
        try output.reserve(4)
        output.put(46)
        var divisor: Int64 = 100
        while rest != 0 {
            output.put(UInt8(48 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// `MoneyFormat.decimal` of `minor` with `digits` decimals.
    @inline(__always)
    private func money(_ minor: Int64, digits count: Int) throws {
        if format != .csv { try output.append(34) }
        if count == 0 {
            try integer(minor)
        } else {
            let magnitude = minor.magnitude
            var scale: UInt64 = 1
            for _ in 0..<count { scale *= 10 }
            try output.reserve(48)
            if minor < 0 { output.put(45) }
            digits(magnitude / scale)
            output.put(46)
            var fraction = magnitude % scale
            var divisor = scale / 10
            while divisor > 0 {
                output.put(UInt8(48 + fraction / divisor))
                fraction %= divisor
                divisor /= 10
            }
        }
        if format != .csv { try output.append(34) }
    }

    /// `UTCTimestamp.iso8601`, quoted in JSON.
    @inline(__always)
    private mutating func timestamp(_ ms: Int64) throws {
        // Years 1970…9999 are written here; anything else by the reference code.
        guard ms >= 0, ms < 253_402_300_800_000 else {
            try output.append(format == .csv ? FieldValue.text(UTCTimestamp.iso8601(milliseconds: ms)).csv
                                             : FieldValue.text(UTCTimestamp.iso8601(milliseconds: ms)).json)
            return
        }
        let seconds = ms / 1000
        let millis = ms % 1000
        let day = seconds / 86_400
        let secondOfDay = seconds % 86_400
        if day != lastDay {
            let civil = UTCTimestamp.civilDate(fromDays: day)
            let y = civil.year, m = civil.month, d = civil.day
            lastDate = (UInt8(48 + y / 1000), UInt8(48 + y / 100 % 10), UInt8(48 + y / 10 % 10), UInt8(48 + y % 10), 45,
                        UInt8(48 + m / 10), UInt8(48 + m % 10), 45, UInt8(48 + d / 10), UInt8(48 + d % 10))
            lastDay = day
        }
        try output.reserve(28)
        if format != .csv { output.put(34) }
        let date = lastDate
        output.put(date.0); output.put(date.1); output.put(date.2); output.put(date.3); output.put(date.4)
        output.put(date.5); output.put(date.6); output.put(date.7); output.put(date.8); output.put(date.9)
        output.put(84)
        let hour = secondOfDay / 3600, minute = secondOfDay / 60 % 60, second = secondOfDay % 60
        output.put(UInt8(48 + hour / 10)); output.put(UInt8(48 + hour % 10)); output.put(58)
        output.put(UInt8(48 + minute / 10)); output.put(UInt8(48 + minute % 10)); output.put(58)
        output.put(UInt8(48 + second / 10)); output.put(UInt8(48 + second % 10))
        if millis != 0 {
            output.put(46)
            output.put(UInt8(48 + millis / 100)); output.put(UInt8(48 + millis / 10 % 10)); output.put(UInt8(48 + millis % 10))
        }
        output.put(90)
        if format != .csv { output.put(34) }
    }

    /// Text, NULL as "" (the call's own text fields).
    @inline(__always)
    private func text(_ bytes: UnsafeRawBufferPointer) throws {
        if format == .csv { try csvText(bytes) } else { try jsonText(bytes) }
    }

    /// Text, empty or NULL as null (the pricing fields).
    @inline(__always)
    private func nullableText(_ bytes: UnsafeRawBufferPointer) throws {
        if bytes.isEmpty { try null() } else { try text(bytes) }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    @inline(__always)
    private func jsonText(_ bytes: UnsafeRawBufferPointer) throws {
        var plain = true
        var ascii = true
        for byte in bytes {
            if byte >= 0x80 { ascii = false; plain = false; break }
            if byte < 0x20 || byte == 34 || byte == 92 { plain = false }
        }
        if plain {
            try output.reserve(bytes.count + 2)
            output.put(34)
            try output.append(bytes)
            try output.append(34)
            return
        }
        guard ascii else {
            // Non-ASCII: the reference rendering (invalid UTF-8 is replaced exactly as it does).
            var rendered: [UInt8] = []
            JSONText.appendQuoted(String(decoding: bytes, as: UTF8.self), to: &rendered)
            try output.append(rendered)
            return
        }
        try output.append(34)
        for byte in bytes {
            try output.reserve(6)
            switch byte {
            case 34: output.put(92); output.put(34)
            case 92: output.put(92); output.put(92)
            case 10: output.put(92); output.put(110)
            case 13: output.put(92); output.put(114)
            case 9: output.put(92); output.put(116)
            case 0..<0x20:
                output.put(92); output.put(117); output.put(48); output.put(48)
                output.put(Self.hex[Int(byte >> 4)]); output.put(Self.hex[Int(byte & 15)])
            default: output.put(byte)
            }
        }
        try output.append(34)
    }

    /// `FieldValue.csvQuote`: quoted when a byte is a comma, quote, line feed or carriage return.
    @inline(__always)
    private func csvText(_ bytes: UnsafeRawBufferPointer) throws {
        var quote = false
        for byte in bytes {
            if byte >= 0x80 {
                // Non-ASCII: the reference rendering (invalid UTF-8 is replaced exactly as it does).
                try output.append(FieldValue.csvQuote(String(decoding: bytes, as: UTF8.self)))
                return
            }
            if byte == 44 || byte == 34 || byte == 10 || byte == 13 { quote = true }
        }
        guard quote else {
            try output.append(bytes)
            return
        }
        try output.append(34)
        for byte in bytes {
            if byte == 34 { try output.append(34) }
            try output.append(byte)
        }
        try output.append(34)
    }

    /// Vendor extras: a JSON object, `k=v|k=v` in CSV (decoded as the reference decodes them).
    /// Stored extras are written by `JSONText.object`; such canonical text is already the JSON the
    /// reference would print again, so it is copied as it is.
    private func extra(_ bytes: UnsafeRawBufferPointer) throws {
        if format != .csv, Self.isCanonicalObject(bytes) {
            try output.append(bytes)
            return
        }
        let fields = bytes.isEmpty ? [] : VendorFieldsJSON.decode(String(decoding: bytes, as: UTF8.self))
        let value = FieldValue.object(fields.map { (key: $0.key, value: $0.value) })
        try output.append(format == .csv ? value.csv : value.json)
    }

    /// Whether `bytes` is a flat JSON object of strings exactly as `JSONText.object` writes it:
    /// no spaces, ASCII only, escapes only `\"`, `\\`, `\n`, `\r`, `\t` and `\u00xx` for the other
    /// control characters. Decoding and encoding such text again gives the same bytes.
    static func isCanonicalObject(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count >= 2, bytes[0] == 123, bytes[count - 1] == 125 else { return false }
        if count == 2 { return true }
        var index = 1
        func string() -> Bool {
            guard index < count, bytes[index] == 34 else { return false }
            index += 1
            while index < count {
                let byte = bytes[index]
                if byte == 34 {
                    index += 1
                    return true
                }
                if byte >= 0x80 || byte < 0x20 { return false }
                if byte == 92 {
                    guard index + 1 < count else { return false }
                    switch bytes[index + 1] {
                    case 34, 92, 110, 114, 116:
                        index += 2
                    case 117:
                        guard index + 5 < count, bytes[index + 2] == 48, bytes[index + 3] == 48 else { return false }
                        let high = bytes[index + 4], low = bytes[index + 5]
                        guard high == 48 || high == 49 else { return false }
                        guard let lowValue = hexValue(low) else { return false }
                        let value = (high - 48) * 16 + lowValue
                        guard value != 9, value != 10, value != 13 else { return false }
                        index += 6
                    default:
                        return false
                    }
                } else {
                    index += 1
                }
            }
            return false
        }
        func hexValue(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 48...57: return byte - 48
            case 97...102: return byte - 87
            default: return nil
            }
        }
        while true {
            guard string(), index < count, bytes[index] == 58 else { return false }
            index += 1
            guard string(), index < count else { return false }
            if bytes[index] == 44 {
                index += 1
                continue
            }
            return bytes[index] == 125 && index == count - 1
        }
    }
}

/// Owns rendered fragments and tables of them: the writer reads them through raw pointers, so
/// that copying one per row costs no reference counting. Freed with the writer.
final class FragmentStore {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit {
        for block in blocks { block.deallocate() }
    }

    /// A stable copy of `bytes`.
    func intern(_ bytes: [UInt8]) -> UnsafeRawBufferPointer {
        let block = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
        blocks.append(block)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { block.copyMemory(from: base, byteCount: source.count) }
        }
        return UnsafeRawBufferPointer(start: block, count: bytes.count)
    }

    /// A table of stable copies of `items`.
    func table(_ items: [[UInt8]]) -> UnsafeMutablePointer<UnsafeRawBufferPointer> {
        let table = UnsafeMutablePointer<UnsafeRawBufferPointer>.allocate(capacity: max(1, items.count))
        blocks.append(UnsafeMutableRawPointer(table))
        for (index, item) in items.enumerated() { (table + index).initialize(to: intern(item)) }
        return table
    }
}
