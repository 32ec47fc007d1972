import PluginAPI

/// One innovaphone CDR parser: the state behind a `tb_parser *`.
///
/// It walks the fed bytes unit by unit (see `Framing`), turns `<cdr>` elements, argument lines
/// and legacy release blocks into records of a reused batch and accounts for every other byte
/// with a reject or skipped span. Only complete units are consumed.
final class InnovaphoneParser {
    /// Records per emitted batch.
    static let batchCapacity = 512
    /// Room for extra key/value pairs per record.
    static let extrasPerRecord = 10

    /// The host's services (valid until destroy).
    let host: UnsafePointer<tb_host>
    /// The validated options.
    let options: PluginOptions
    /// Memory for the strings of the pending batch.
    let arena = Arena()
    /// The pending batch.
    let records: UnsafeMutablePointer<tb_record>
    /// Extra key/value pairs of the pending batch.
    let extras: UnsafeMutablePointer<tb_kv>
    /// Number of records in the pending batch.
    var pending = 0
    /// Record ids seen in this source (duplicates are skipped).
    private var seen = Set<[UInt8]>()
    /// State of the legacy gateway format.
    private var legacy = LegacyMapping()

    /// Creates a parser; `host` must stay valid until the parser is destroyed.
    init(host: UnsafePointer<tb_host>, options: PluginOptions) {
        self.host = host
        self.options = options
        records = .allocate(capacity: InnovaphoneParser.batchCapacity)
        extras = .allocate(capacity: InnovaphoneParser.batchCapacity * InnovaphoneParser.extrasPerRecord)
    }

    deinit {
        records.deallocate()
        extras.deallocate()
    }

    /// Parses the complete units of `data` (see `feed` in the ABI header).
    func feed(_ data: UnsafePointer<UInt8>, _ length: Int, streamOffset: UInt64, endOfInput: Bool,
              consumed: inout Int) -> tb_status {
        var position = 0
        while position < length {
            let unit = Framing.next(data, position, length, endOfInput: endOfInput)
            let status: tb_status
            let end: Int
            switch unit {
            case .incomplete:
                consumed = position
                return flush()
            case .space(let e):
                end = e; status = skip(position, e, streamOffset, "white space")
            case .standardPrefix(let e):
                end = e; status = skip(position, e, streamOffset, "log-msg prefix of a Standard HTTP body")
            case .declaration(let e):
                end = e; status = skip(position, e, streamOffset, "XML declaration")
            case .element(let e):
                end = e
                let result = Result { () throws(RecordFailure) -> RecordValues? in
                    try InnovaphoneParser.cdr(UnsafeBufferPointer(start: data + position, count: e - position), self.options)
                }
                status = handle(position, e, streamOffset, result)
            case .arguments(let e):
                end = e
                status = handleArguments(data, position, e, streamOffset)
            case .legacyBlock(let e):
                end = e
                status = handleLegacy(data, position, e, streamOffset)
            case .bad(let e, let reason, let message):
                end = e; status = reject(reason, position, e, streamOffset, "", message)
            }
            if status != TB_OK { consumed = position; return status }
            position = end
        }
        consumed = position
        return flush()
    }

    /// Parses and maps one `<cdr>` element.
    static func cdr(_ bytes: UnsafeBufferPointer<UInt8>, _ options: PluginOptions) throws(RecordFailure) -> RecordValues? {
        var tokenizer = XMLTokenizer(bytes)
        let element: XMLElement
        do {
            element = try tokenizer.parseDocument()
        } catch {
            throw RecordFailure(reason: TB_REJECT_MALFORMED, field: "", message: error.message)
        }
        return try CdrMapping(options: options).map(element)
    }

    /// Emits the record `result` holds for `start..<end`, or its reject / skip.
    private func handle(_ start: Int, _ end: Int, _ streamOffset: UInt64,
                        _ result: Result<RecordValues?, RecordFailure>) -> tb_status {
        do {
            guard let values = try result.get() else { return skip(start, end, streamOffset, "gateway signalling event (folded into the release entry)") }
            if seen.contains(values.vendorRecordID) {
                return skip(start, end, streamOffset, "duplicate cdr (same id)")
            }
            seen.insert(values.vendorRecordID)
            return append(values, start, end, streamOffset)
        } catch {
            return reject(error.reason, start, end, streamOffset, error.field, error.message)
        }
    }

    /// An HTTP argument line: the `msg` argument must hold one `<cdr>` element.
    private func handleArguments(_ data: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ streamOffset: UInt64) -> tb_status {
        var lineEnd = end
        while lineEnd > start && Framing.isSpace(data[lineEnd - 1]) { lineEnd -= 1 }
        let line = Array(UnsafeBufferPointer(start: data + start, count: lineEnd - start))[...]
        let arguments: URLArguments
        do {
            arguments = try URLArguments(line)
        } catch {
            return reject(error.reason, start, end, streamOffset, error.field, error.message)
        }
        guard let message = arguments.value("msg") else {
            return reject(TB_REJECT_MISSING_FIELD, start, end, streamOffset, "msg", "argument string without msg")
        }
        var body = message[...]
        while let c = body.first, Framing.isSpace(c) { body = body.dropFirst() }
        guard body.starts(with: Array("<cdr".utf8)) else {
            return skip(start, end, streamOffset, "argument string without a cdr")
        }
        let bytes = Array(body)
        var result: Result<RecordValues?, RecordFailure> = .success(nil)
        bytes.withUnsafeBufferPointer { buffer in
            result = Result { () throws(RecordFailure) -> RecordValues? in try InnovaphoneParser.cdr(buffer, self.options) }
        }
        return handle(start, end, streamOffset, result)
    }

    /// A legacy block: `B:Rel` and the transfer blocks `A:X` / `B:X` become records, the others
    /// are noted and skipped.
    private func handleLegacy(_ data: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ streamOffset: UInt64) -> tb_status {
        let bytes = Array(UnsafeBufferPointer(start: data + start, count: end - start))[...]
        let result = Result { () throws(RecordFailure) -> RecordValues? in
            let block = try LegacyBlock(bytes)
            if CdrEvents.equal(block.event, "B:Rel") {
                return try self.legacy.record(block, options: self.options)
            }
            if CdrEvents.equal(block.event, "B:X") {
                return try self.legacy.transferRecord(block, side: .b, options: self.options)
            }
            if CdrEvents.equal(block.event, "A:X") {
                return try self.legacy.transferRecord(block, side: .a, options: self.options)
            }
            try self.legacy.note(block)
            return nil
        }
        return handle(start, end, streamOffset, result)
    }

    /// Emits a skipped span.
    func skip(_ start: Int, _ end: Int, _ streamOffset: UInt64, _ message: StaticString) -> tb_status {
        reject(TB_REJECT_SKIPPED, start, end, streamOffset, "", message)
    }

    /// Emits a reject after flushing pending records (so the host sees input order).
    func reject(_ reason: Int, _ start: Int, _ end: Int, _ streamOffset: UInt64, _ field: StaticString,
                _ message: StaticString) -> tb_status {
        let status = flush()
        if status != TB_OK { return status }
        var item = tb_reject()
        item.struct_size = UInt32(MemoryLayout<tb_reject>.size)
        item.reason = tb_reject_reason(reason)
        item.source_offset = streamOffset + UInt64(start)
        item.source_length = UInt64(end - start)
        item.field = StaticText.str(field)
        item.message = StaticText.str(message)
        guard let emit = host.pointee.emit_reject else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
        return emit(host, &item)
    }

    /// Lays `values` out as a record of the pending batch.
    private func append(_ values: RecordValues, _ start: Int, _ end: Int, _ streamOffset: UInt64) -> tb_status {
        var r = tb_record()
        r.struct_size = UInt32(MemoryLayout<tb_record>.size)
        r.flags = values.flags
        r.source_offset = streamOffset + UInt64(start)
        r.source_length = UInt64(end - start)
        r.vendor_record_id = copy(values.vendorRecordID)
        r.correlation_id = copy(values.correlationID)
        r.time_basis = tb_time_basis(TB_TIME_UTC)
        r.start_us = values.startUs
        r.answer_us = values.answerUs ?? Int64.min
        r.end_us = values.endUs
        r.ring_ms = Int64.min
        r.talk_ms = Int64.min
        r.calling = copy(values.calling)
        r.called = copy(values.called)
        r.original_called = copy(values.originalCalled)
        r.connected = copy(values.connected)
        r.redirecting = copy(values.redirecting)
        r.extension = copy(values.extensionNumber)
        r.remote = copy(values.remote)
        r.direction = values.direction
        r.disposition = values.disposition
        r.trunk = copy(values.trunk)
        r.device = copy(values.device)
        r.remote_device = copy(values.remoteDevice)
        r.hunt_group = copy(values.huntGroup)
        r.cause = values.cause ?? Int64.min
        r.charge_units = Int64.min
        r.charge_minor = Int64.min
        if let bad = NumberFields.firstInvalid(r) {
            return reject(TB_REJECT_MALFORMED, start, end, streamOffset, bad.abiName, NumberFields.message)
        }
        let kv = extras + pending * InnovaphoneParser.extrasPerRecord
        var count = 0
        for (key, value) in values.extras.prefix(InnovaphoneParser.extrasPerRecord) {
            kv[count] = tb_kv(key: StaticText.str(key), value: copy(value))
            count += 1
        }
        r.extra = UnsafePointer(kv)
        r.extra_count = UInt32(count)
        records[pending] = r
        pending += 1
        if pending == InnovaphoneParser.batchCapacity { return flush() }
        return tb_status(TB_OK)
    }

    /// Copies `bytes` into the arena.
    private func copy(_ bytes: [UInt8]) -> tb_str {
        if bytes.isEmpty { return StaticText.empty }
        let out = arena.allocate(bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { out.update(from: base, count: bytes.count) }
        }
        return StaticText.slice(out, bytes.count)
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
