import PluginAPI

/// One Unify call-charge parser: the state behind a `tb_parser *`.
///
/// It walks the fed bytes line by line (LF or CR LF), turns call lines into `tb_record`s in a
/// reused batch buffer and accounts for every other line with a reject or skipped span. It keeps
/// no state between lines: every line is read on its own, whatever its layout.
final class UnifyParser {
    /// Records per emitted batch.
    static let batchCapacity = 512
    /// Room for extra key/value pairs per record.
    static let extrasPerRecord = 8

    /// The host's services (valid until destroy).
    let host: UnsafePointer<tb_host>
    /// The validated options.
    let options: PluginOptions
    /// Memory for derived strings of the pending batch.
    let arena = Arena()
    /// The pending batch.
    let records: UnsafeMutablePointer<tb_record>
    /// Extra key/value pairs of the pending batch, `extrasPerRecord` per record.
    let extras: UnsafeMutablePointer<tb_kv>
    /// Number of records in the pending batch.
    var pending = 0
    /// The `currency` option, in memory owned by the parser (empty when not set).
    let currency: tb_str
    private let currencyStorage: UnsafeMutablePointer<UInt8>

    /// Creates a parser; `host` must stay valid until the parser is destroyed.
    init(host: UnsafePointer<tb_host>, options: PluginOptions) {
        self.host = host
        self.options = options
        records = .allocate(capacity: UnifyParser.batchCapacity)
        extras = .allocate(capacity: UnifyParser.batchCapacity * UnifyParser.extrasPerRecord)
        currencyStorage = .allocate(capacity: max(1, options.currency.count))
        currencyStorage.initialize(from: options.currency, count: options.currency.count)
        currency = StaticText.slice(currencyStorage, options.currency.count)
    }

    deinit {
        records.deallocate()
        extras.deallocate()
        currencyStorage.deallocate()
    }

    /// Parses the complete lines of `data` (see `feed` in the ABI header). At the end of input a
    /// last line without a line break is read like any other.
    func feed(_ data: UnsafePointer<UInt8>, _ length: Int, streamOffset: UInt64, endOfInput: Bool,
              consumed: inout Int) -> tb_status {
        var position = 0
        while position < length {
            var lineFeed = position
            while lineFeed < length && data[lineFeed] != 0x0A { lineFeed += 1 }
            let end: Int
            if lineFeed < length {
                end = lineFeed + 1
            } else if endOfInput {
                end = length
            } else {
                break
            }
            var contentStart = position
            var contentEnd = lineFeed
            // CR of CR LF and printer form feeds around the line are not part of its content.
            while contentEnd > contentStart && (data[contentEnd - 1] == 0x0D || data[contentEnd - 1] == 0x0C) {
                contentEnd -= 1
            }
            while contentStart < contentEnd && data[contentStart] == 0x0C { contentStart += 1 }
            let line = Bytes(pointer: data + contentStart, count: contentEnd - contentStart)
            let status = handleLine(line, position, end, streamOffset, terminated: lineFeed < length)
            if status != TB_OK { consumed = position; return status }
            position = end
        }
        consumed = position
        return flush()
    }

    /// Classifies one complete line (`line` is its content; `start..<end` its span with the line
    /// break) and emits what it becomes. A last line without a line break (`terminated` false)
    /// that is too short for its layout is reported as truncated rather than malformed.
    private func handleLine(_ line: Bytes, _ start: Int, _ end: Int, _ streamOffset: UInt64,
                            terminated: Bool) -> tb_status {
        let span = Span(start: start, end: end, streamOffset: streamOffset)
        switch LineClassifier.classify(line) {
        case .blank: return skip(span, "blank line")
        case .header: return skip(span, "header line")
        case .separator: return skip(span, "separator line")
        case .notACall(let message): return reject(TB_REJECT_MALFORMED, span, "", message)
        case .call(let layout):
            let fields: CallFields
            do {
                switch layout {
                case .pipe: fields = try CallFields.pipe(line)
                case .compressed: fields = try CallFields.fixed(line, layout, .compressed)
                case .long: fields = try CallFields.fixed(line, layout, .long)
                }
            } catch {
                if !terminated && (error == .tooFewFields || error == .tooShort) {
                    return reject(TB_REJECT_TRUNCATED, span, "", "the input ended inside a call line")
                }
                switch error {
                case .tooFewFields: return reject(TB_REJECT_MALFORMED, span, "", "too few fields for a call line")
                case .tooManyFields: return reject(TB_REJECT_MALFORMED, span, "", "too many fields for a call line")
                case .tooShort: return reject(TB_REJECT_MALFORMED, span, "", "line ends before the information element column")
                case .tooLong: return reject(TB_REJECT_MALFORMED, span, "", "text after the last column of the layout")
                }
            }
            return buildRecord(line, fields, span)
        }
    }

    /// Where a line lies in the source.
    struct Span {
        /// First byte, relative to the feed call's data.
        let start: Int
        /// One past the last byte (after the line break).
        let end: Int
        /// Source offset of the feed call's data.
        let streamOffset: UInt64
    }

    /// Emits a skipped span (header, blank line, ringing notice).
    func skip(_ span: Span, _ message: StaticString) -> tb_status {
        reject(TB_REJECT_SKIPPED, span, "", message)
    }

    /// Emits a reject after flushing pending records (so the host sees input order).
    func reject(_ reason: Int, _ span: Span, _ field: StaticString, _ message: StaticString) -> tb_status {
        let status = flush()
        if status != TB_OK { return status }
        var item = tb_reject()
        item.struct_size = UInt32(MemoryLayout<tb_reject>.size)
        item.reason = tb_reject_reason(reason)
        item.source_offset = span.streamOffset + UInt64(span.start)
        item.source_length = UInt64(span.end - span.start)
        item.field = StaticText.str(field)
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
