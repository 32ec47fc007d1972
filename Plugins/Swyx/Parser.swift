import PluginAPI

/// One SwyxWare CDR parser: the state behind a `tb_parser *`.
///
/// It walks the fed bytes line by line, learns the column set from the header line, turns data
/// rows into `tb_record`s in a reused batch buffer and accounts for every other line with a
/// reject or skipped span. Transfer links are remembered across feed calls (`TransferLinks`).
final class SwyxParser {
    /// Records per emitted batch.
    static let batchCapacity = 512
    /// Room for extra key/value pairs per record.
    static let extrasPerRecord = 4

    /// The host's services (valid until destroy).
    let host: UnsafePointer<tb_host>
    /// The validated options.
    let options: PluginOptions
    /// Column map of the current file, once its header has been read.
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
    /// Roots of transferred calls, for correlation ids.
    var links = TransferLinks()

    /// Creates a parser; `host` must stay valid until the parser is destroyed.
    init(host: UnsafePointer<tb_host>, options: PluginOptions) {
        self.host = host
        self.options = options
        columnOf = .allocate(capacity: Field.allCases.count)
        columnOf.initialize(repeating: -1, count: Field.allCases.count)
        records = .allocate(capacity: SwyxParser.batchCapacity)
        extras = .allocate(capacity: SwyxParser.batchCapacity * SwyxParser.extrasPerRecord)
    }

    deinit {
        columnOf.deallocate()
        records.deallocate()
        extras.deallocate()
    }

    /// Installs the column map of a header line.
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

        // Header lines: the first field is a column name (data rows start with a call id).
        if firstCount > 0 && (firstPointer[0] | 0x20) >= 0x61 && (firstPointer[0] | 0x20) <= 0x7A {
            guard ColumnMap.opensHeader(firstPointer, firstCount) else {
                return reject(TB_REJECT_MALFORMED, start, end, streamOffset, nil, "neither a header line nor a CDR row")
            }
            var names: [[UInt8]] = []
            names.reserveCapacity(count)
            for i in 0..<count {
                names.append(Array(UnsafeBufferPointer(start: data + fields[i].start, count: fields[i].count)))
            }
            guard let newMap = ColumnMap(names: names) else {
                return reject(TB_REJECT_UNSUPPORTED, start, end, streamOffset, nil, "header line lacks the start or end time columns")
            }
            install(newMap)
            return skip(start, end, streamOffset, "header line")
        }
        guard let current = map else {
            return reject(TB_REJECT_MALFORMED, start, end, streamOffset, nil, "data line before a header line")
        }
        guard count == current.columnCount else {
            return reject(TB_REJECT_MALFORMED, start, end, streamOffset, nil, "wrong number of fields")
        }
        return buildRecord(data, start, end, streamOffset, current.layout)
    }

    /// Emits a skipped span (header, blank line).
    func skip(_ start: Int, _ end: Int, _ streamOffset: UInt64, _ message: StaticString) -> tb_status {
        reject(TB_REJECT_SKIPPED, start, end, streamOffset, nil, message)
    }

    /// Emits a reject after flushing pending records (so the host sees input order).
    func reject(_ reason: Int, _ start: Int, _ end: Int, _ streamOffset: UInt64, _ field: Field?,
                _ message: StaticString) -> tb_status {
        reject(reason, start, end, streamOffset, fieldName: field?.columnName ?? "", message)
    }

    /// Emits a reject naming a field by `fieldName` (a record field, not a column).
    func reject(_ reason: Int, _ start: Int, _ end: Int, _ streamOffset: UInt64, fieldName: StaticString,
                _ message: StaticString) -> tb_status {
        let status = flush()
        if status != TB_OK { return status }
        var item = tb_reject()
        item.struct_size = UInt32(MemoryLayout<tb_reject>.size)
        item.reason = tb_reject_reason(reason)
        item.source_offset = streamOffset + UInt64(start)
        item.source_length = UInt64(end - start)
        item.field = StaticText.str(fieldName)
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
