import PluginAPI

/// One CUCM CDR parser: the state behind a `tb_parser *`.
///
/// It walks the fed bytes line by line, keeps the column map of the current file (from its header,
/// the `columns` option or the field count), turns data rows into `tb_record`s in a reused batch
/// buffer and accounts for every other line with a reject or skipped span.
final class CiscoParser {
    /// Records per emitted batch.
    static let batchCapacity = 512
    /// Room for extra key/value pairs per record.
    static let extrasPerRecord = 8

    /// The host's services (valid until destroy).
    let host: UnsafePointer<tb_host>
    /// The validated options.
    let options: PluginOptions
    /// Column map of the current file, once known.
    private(set) var map: ColumnMap?
    /// `map.columnOfField` as a raw table (read per row).
    let columnOf: UnsafeMutablePointer<Int>
    /// The line splitter and its field table.
    let scanner = CSVLineScanner()
    /// Memory for derived strings of the pending batch.
    let arena = Arena()
    /// The pending batch.
    let records: UnsafeMutablePointer<tb_record>
    /// Extra key/value pairs of the pending batch, `extrasPerRecord` per record.
    let extras: UnsafeMutablePointer<tb_kv>
    /// Number of records in the pending batch.
    var pending = 0
    /// Whether the warning about trunk-to-trunk legs without `trunk_patterns` was logged.
    var warnedAboutTrunkToTrunk = false
    /// The `cluster_id` option, in memory owned by the parser (empty when not set).
    let clusterOption: tb_str
    private let clusterStorage: UnsafeMutablePointer<UInt8>

    /// Creates a parser; `host` must stay valid until the parser is destroyed.
    init(host: UnsafePointer<tb_host>, options: PluginOptions) {
        self.host = host
        self.options = options
        columnOf = .allocate(capacity: Field.allCases.count)
        columnOf.initialize(repeating: -1, count: Field.allCases.count)
        records = .allocate(capacity: CiscoParser.batchCapacity)
        extras = .allocate(capacity: CiscoParser.batchCapacity * CiscoParser.extrasPerRecord)
        clusterStorage = .allocate(capacity: max(1, options.clusterID.count))
        clusterStorage.initialize(from: options.clusterID, count: options.clusterID.count)
        clusterOption = StaticText.slice(clusterStorage, options.clusterID.count)
    }

    deinit {
        columnOf.deallocate()
        records.deallocate()
        extras.deallocate()
        clusterStorage.deallocate()
    }

    /// Installs a column map (from a header or a layout).
    private func install(_ newMap: ColumnMap) {
        map = newMap
        for (field, column) in newMap.columnOfField.enumerated() { columnOf[field] = column }
    }

    /// Classifies one complete line and emits what it becomes.
    func handleLine(_ data: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                           _ quoting: CSVLineScanner.Quoting, _ streamOffset: UInt64) -> tb_status {
        switch quoting {
        case .wellFormed: break
        case .unterminatedQuote:
            return reject(TB_REJECT_MALFORMED, start, end, streamOffset, nil, "quoted field not closed before the end of the line")
        case .textAfterQuote:
            return reject(TB_REJECT_MALFORMED, start, end, streamOffset, nil, "text after a closing quote")
        }
        let fields = scanner.fields
        let count = scanner.fieldCount
        let firstPointer = data + fields[0].start
        let firstCount = fields[0].count

        // Header and type lines.
        if firstCount > 0 && (firstPointer[0] | 0x20) >= 0x61 && (firstPointer[0] | 0x20) <= 0x7A {
            if ColumnMap.isKnownColumnName(firstPointer, firstCount) {
                var names: [[UInt8]] = []
                names.reserveCapacity(count)
                for i in 0..<count {
                    names.append(Array(UnsafeBufferPointer(start: data + fields[i].start, count: fields[i].count)))
                }
                install(ColumnMap(names: names))
                return skip(start, end, streamOffset, "header line")
            }
            if ASCII.equalsIgnoringCase(firstPointer, firstCount, CiscoParser.integerWord) {
                return skip(start, end, streamOffset, "field type line")
            }
        }
        if let current = map, current.isCallQuality {
            return skip(start, end, streamOffset, "CMR (call quality) record")
        }
        let firstIsTwo = firstCount == 1 && firstPointer[0] == UInt8(ascii: "2")
        if map == nil {
            if let layout = options.layout {
                install(ColumnMap(layout: layout))
            } else if let layout = ColumnLayout.embedded(columnCount: count) {
                install(ColumnMap(layout: layout))
            } else if firstIsTwo {
                return skip(start, end, streamOffset, "CMR (call quality) record")
            } else {
                return reject(TB_REJECT_MALFORMED, start, end, streamOffset, nil, "no header and no columns option")
            }
        }
        guard let current = map, count == current.columnCount else {
            if firstIsTwo && columnOf[Field.cdrRecordType.rawValue] <= 0 {
                return skip(start, end, streamOffset, "CMR (call quality) record")
            }
            return reject(TB_REJECT_MALFORMED, start, end, streamOffset, nil, "wrong number of fields")
        }
        return buildRecord(data, start, end, streamOffset)
    }

    /// "integer", the first word of a CUCM field type line.
    private static let integerWord = Array("integer".utf8)

    /// Writes a line to the host's log (never personal data).
    func log(_ level: Int32, _ message: StaticString) {
        host.pointee.log?(host, level, StaticText.str(message))
    }

    /// Emits a skipped span (header, type line, blank line, CMR row).
    func skip(_ start: Int, _ end: Int, _ streamOffset: UInt64, _ message: StaticString) -> tb_status {
        reject(TB_REJECT_SKIPPED, start, end, streamOffset, nil, message)
    }

    /// Emits a reject after flushing pending records (so the host sees input order).
    func reject(_ reason: Int, _ start: Int, _ end: Int, _ streamOffset: UInt64, _ field: Field?,
                _ message: StaticString) -> tb_status {
        let status = flush()
        if status != TB_OK { return status }
        var item = tb_reject()
        item.struct_size = UInt32(MemoryLayout<tb_reject>.size)
        item.reason = tb_reject_reason(reason)
        item.source_offset = streamOffset + UInt64(start)
        item.source_length = UInt64(end - start)
        item.field = field.map { StaticText.str($0.columnName) } ?? StaticText.empty
        item.message = StaticText.str(message)
        guard let emit = host.pointee.emit_reject else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
        return emit(host, &item)
    }

    /// Hands the pending batch to the host and recycles its memory.
    func flush() -> tb_status {
        if pending == 0 { return tb_status(TB_OK) }
        let count = pending
        pending = 0
        defer { arena.reset() }
        guard let emit = host.pointee.emit_records else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
        return emit(host, records, UInt32(count), UInt32(MemoryLayout<tb_record>.stride))
    }
}
