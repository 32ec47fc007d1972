import CTollbookPlugin

/// One parser: the state behind a `tb_parser *`. Walks the fed bytes line by line, turns data lines
/// into `tb_record`s in a reused batch and accounts for every other line with a reject or a skipped
/// span. Instances share nothing, so different parsers may run on different threads.
final class CSVParser {
    /// Records per `emit_records` call.
    static let batchCapacity = 64
    /// Room for one correlation id "node:id".
    static let correlationCapacity = 64 + 1 + CSVDialect.maxIDLength

    /// The host's services (valid until destroy).
    let host: UnsafePointer<tb_host>
    private let options: Options
    private let records: UnsafeMutablePointer<tb_record>
    private let correlations: UnsafeMutablePointer<UInt8>
    private var pending = 0

    /// Creates a parser; `host` must stay valid until the parser is destroyed.
    init(host: UnsafePointer<tb_host>, options: Options) {
        self.host = host
        self.options = options
        records = .allocate(capacity: Self.batchCapacity)
        correlations = .allocate(capacity: Self.batchCapacity * Self.correlationCapacity)
    }

    deinit {
        records.deallocate()
        correlations.deallocate()
    }

    /// Parses the complete lines of `data` (`feed` in the SDK header): only lines ending in LF are
    /// consumed unless `endOfInput`; the host presents the rest again with the next chunk.
    func feed(_ data: UnsafeBufferPointer<UInt8>, streamOffset: UInt64, endOfInput: Bool, consumed: inout Int) -> tb_status {
        var position = 0
        while position < data.count {
            let newline = data[position...].firstIndex(of: 0x0A)
            if newline == nil && !endOfInput { break }
            let lineEnd = newline ?? data.count
            let next = newline.map { $0 + 1 } ?? data.count
            var textEnd = lineEnd
            if textEnd > position && data[textEnd - 1] == 0x0D { textEnd -= 1 }
            let status = handleLine(UnsafeBufferPointer(rebasing: data[position..<textEnd]),
                                    offset: streamOffset + UInt64(position), span: next - position,
                                    unterminated: newline == nil)
            guard status == TB_OK else {
                consumed = position
                return status
            }
            position = next
        }
        consumed = position
        return flush()
    }

    /// Turns one line (without its line end) into a record, a reject or a skipped span.
    private func handleLine(_ raw: UnsafeBufferPointer<UInt8>, offset: UInt64, span: Int, unterminated: Bool) -> tb_status {
        var line = raw
        if offset == 0 && line.starts(with: [0xEF, 0xBB, 0xBF]) { line = UnsafeBufferPointer(rebasing: line.dropFirst(3)) }
        func refuse(_ reason: Int, _ field: StaticString, _ message: StaticString) -> tb_status {
            reject(tb_reject_reason(reason), offset: offset, length: span, field: field, message: message)
        }
        if line.isEmpty { return refuse(TB_REJECT_SKIPPED, "", "blank line") }
        if line[0] == UInt8(ascii: "#") { return refuse(TB_REJECT_SKIPPED, "", "comment line") }
        if CSVDialect.equals(line, CSVDialect.header) { return refuse(TB_REJECT_SKIPPED, "", "header line") }
        guard CSVDialect.isValidUTF8(line) else { return refuse(TB_REJECT_MALFORMED, "", "the line is not valid UTF-8") }

        let parts = line.split(separator: UInt8(ascii: ","), maxSplits: CSVDialect.columns, omittingEmptySubsequences: false)
        guard parts.count == CSVDialect.columns else {
            if unterminated { return refuse(TB_REJECT_TRUNCATED, "", "the input ended inside a record") }
            return refuse(TB_REJECT_MALFORMED, "", "expected 8 comma-separated fields")
        }
        let f = parts.map { UnsafeBufferPointer(rebasing: $0) }
        guard !f[0].isEmpty else { return refuse(TB_REJECT_MISSING_FIELD, "id", "the id is empty") }
        guard f[0].count <= CSVDialect.maxIDLength else {
            return refuse(TB_REJECT_OUT_OF_RANGE, "id", "the id is longer than 64 bytes")
        }
        guard let start = CSVDialect.utcSeconds(f[1]) else {
            return refuse(TB_REJECT_OUT_OF_RANGE, "start_utc", "not a UTC time such as 2025-03-03T08:15:00Z")
        }
        guard let ring = CSVDialect.seconds(f[2]) else {
            return refuse(TB_REJECT_OUT_OF_RANGE, "ring_s", "not a whole number of seconds (0 to 999999)")
        }
        guard let talk = CSVDialect.seconds(f[3]) else {
            return refuse(TB_REJECT_OUT_OF_RANGE, "talk_s", "not a whole number of seconds (0 to 999999)")
        }
        let direction: tb_direction
        if CSVDialect.equals(f[4], "in") { direction = tb_direction(TB_DIRECTION_INCOMING) }
        else if CSVDialect.equals(f[4], "out") { direction = tb_direction(TB_DIRECTION_OUTGOING) }
        else if CSVDialect.equals(f[4], "internal") { direction = tb_direction(TB_DIRECTION_INTERNAL) }
        else { return refuse(TB_REJECT_OUT_OF_RANGE, "direction", "must be in, out or internal") }
        guard !f[6].isEmpty else { return refuse(TB_REJECT_MISSING_FIELD, "called", "the called number is empty") }

        var r = tb_record()
        r.struct_size = UInt32(MemoryLayout<tb_record>.size)
        r.source_offset = offset
        r.source_length = UInt64(span)
        r.vendor_record_id = slice(f[0])
        r.correlation_id = correlationID(f[0])
        r.time_basis = tb_time_basis(TB_TIME_UTC)
        r.start_us = start * 1_000_000
        r.answer_us = talk > 0 ? (start + ring) * 1_000_000 : Int64.min
        r.end_us = (start + ring + talk) * 1_000_000
        r.ring_ms = ring * 1000
        r.talk_ms = talk * 1000
        r.calling = slice(f[5])
        r.called = slice(f[6])
        let incoming = direction == tb_direction(TB_DIRECTION_INCOMING)
        r.extension = incoming ? r.called : r.calling
        r.remote = incoming ? r.calling : r.called
        r.direction = direction
        r.disposition = tb_disposition(talk > 0 ? TB_DISPOSITION_ANSWERED : TB_DISPOSITION_NO_ANSWER)
        r.trunk = slice(f[7])
        r.cause = Int64.min
        r.charge_units = Int64.min
        r.charge_minor = Int64.min
        records[pending] = r
        pending += 1
        return pending == Self.batchCapacity ? flush() : tb_status(TB_OK)
    }

    /// "node:id" in the batch's own memory with the `node` option, else the id itself.
    private func correlationID(_ id: UnsafeBufferPointer<UInt8>) -> tb_str {
        guard !options.node.isEmpty, let idBase = id.baseAddress else { return slice(id) }
        let out = correlations + pending * Self.correlationCapacity
        out.update(from: options.node, count: options.node.count)
        out[options.node.count] = UInt8(ascii: ":")
        (out + options.node.count + 1).update(from: idBase, count: id.count)
        return Text.slice(out, options.node.count + 1 + id.count)
    }

    private func slice(_ bytes: UnsafeBufferPointer<UInt8>) -> tb_str {
        guard let base = bytes.baseAddress else { return tb_str(ptr: nil, len: 0) }
        return Text.slice(base, bytes.count)
    }

    /// Emits a reject or skipped span, after the pending records so the host sees input order.
    private func reject(_ reason: tb_reject_reason, offset: UInt64, length: Int, field: StaticString,
                        message: StaticString) -> tb_status {
        let status = flush()
        guard status == TB_OK else { return status }
        var item = tb_reject()
        item.struct_size = UInt32(MemoryLayout<tb_reject>.size)
        item.reason = reason
        item.source_offset = offset
        item.source_length = UInt64(length)
        item.field = Text.str(field)
        item.message = Text.str(message)
        guard let emit = host.pointee.emit_reject else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
        return emit(host, &item)
    }

    /// Hands the pending records to the host.
    private func flush() -> tb_status {
        guard pending > 0 else { return tb_status(TB_OK) }
        let count = pending
        pending = 0
        guard let emit = host.pointee.emit_records else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
        return emit(host, records, UInt32(count), UInt32(MemoryLayout<tb_record>.stride))
    }
}
