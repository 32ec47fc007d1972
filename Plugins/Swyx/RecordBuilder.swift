import PluginAPI

/// Turning one data row into a `tb_record` in the pending batch.
extension SwyxParser {
    /// The raw bytes of `field` in the current row (quotes removed, `""` not unescaped). Empty
    /// when the file lacks the column, and for `NULL` in database exports.
    @inline(__always)
    func raw(_ data: UnsafePointer<UInt8>, _ field: Field) -> UnsafeBufferPointer<UInt8> {
        let column = columnOf[field.rawValue]
        if column < 0 { return UnsafeBufferPointer(start: nil, count: 0) }
        let slice = scanner.fields[column]
        let bytes = UnsafeBufferPointer(start: data + slice.start, count: slice.count)
        if slice.count == 4 && ASCII.equalsIgnoringCase(data + slice.start, 4, SwyxParser.nullWord) {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return bytes
    }

    /// "null".
    private static let nullWord = Array("null".utf8)

    /// The text of `field` in the current row: zero copy, or unescaped into the arena when it
    /// holds doubled quotes.
    func text(_ data: UnsafePointer<UInt8>, _ field: Field) -> tb_str {
        let bytes = raw(data, field)
        guard let base = bytes.baseAddress, bytes.count > 0 else { return StaticText.empty }
        let column = columnOf[field.rawValue]
        if !scanner.fields[column].hasEscapedQuotes { return StaticText.slice(base, bytes.count) }
        let out = arena.allocate(bytes.count)
        var length = 0, index = 0
        while index < bytes.count {
            out[length] = base[index]
            length += 1
            index += base[index] == UInt8(ascii: "\"") ? 2 : 1
        }
        return StaticText.slice(out, length)
    }

    /// Reads one event time of the row in the file's layout.
    private func time(_ data: UnsafePointer<UInt8>, _ layout: Layout, date: Field, time: Field) -> WallClock.Reading {
        switch layout {
        case .textFile: return WallClock.read(date: raw(data, date), time: raw(data, time))
        case .database: return WallClock.read(dateTime: raw(data, time))
        }
    }

    /// Outcome of reading a call id column.
    private enum CallIdRead {
        /// Empty, `0` or `NULL`: no call.
        case none
        /// A call id.
        case id(UInt64)
        /// Not a decimal number of at most 18 digits.
        case invalid
    }

    /// Reads a call id column.
    private func callId(_ data: UnsafePointer<UInt8>, _ field: Field) -> CallIdRead {
        let bytes = raw(data, field)
        if bytes.isEmpty { return .none }
        guard bytes.count <= 18 else { return .invalid }
        var value: UInt64 = 0
        for c in bytes {
            let d = c &- UInt8(ascii: "0")
            guard d < 10 else { return .invalid }
            value = value * 10 + UInt64(d)
        }
        return value == 0 ? .none : .id(value)
    }

    /// Converts the current row (`data[start..<end]`, already split by the scanner) into a record,
    /// or a reject when a required field is missing or a value is unreadable.
    func buildRecord(_ data: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ streamOffset: UInt64,
                     _ layout: Layout) -> tb_status {
        func fail(_ reason: Int, _ field: Field, _ message: StaticString) -> tb_status {
            reject(reason, start, end, streamOffset, field, message)
        }
        // Identity.
        let own: UInt64
        switch callId(data, .callId) {
        case .id(let id): own = id
        case .none: return fail(TB_REJECT_MISSING_FIELD, .callId, "call id is empty")
        case .invalid: return fail(TB_REJECT_OUT_OF_RANGE, .callId, "call id is not a number")
        }

        // Times.
        let startUs: Int64, day: Int64
        switch time(data, layout, date: .startDate, time: .startTime) {
        case .time(let us, let d): startUs = us; day = d
        case .absent: return fail(TB_REJECT_MISSING_FIELD, .startTime, "start time is empty")
        case .invalid: return fail(TB_REJECT_OUT_OF_RANGE, .startTime, "start is not a valid date and time")
        }
        let endUs: Int64
        switch time(data, layout, date: .endDate, time: .endTime) {
        case .time(let us, _): endUs = us
        case .absent: return fail(TB_REJECT_MISSING_FIELD, .endTime, "end time is empty")
        case .invalid: return fail(TB_REJECT_OUT_OF_RANGE, .endTime, "end is not a valid date and time")
        }
        // Local wall-clock times: an end up to an hour before the start, in the small hours when
        // zones put their clocks back, can be a call across the autumn change; the host resolves it
        // with the source's zone. Anything else is an error of the record.
        let hour: Int64 = 3_600_000_000
        let endSecondOfDay = (endUs / 1_000_000) % 86_400
        let acrossAutumnChange = endUs < startUs && endUs >= startUs - hour && endSecondOfDay < 4 * 3600
        guard endUs >= startUs || acrossAutumnChange else {
            return fail(TB_REJECT_OUT_OF_RANGE, .endTime, "end lies before start")
        }
        var answerUs = Int64.min
        switch time(data, layout, date: .connectDate, time: .connectTime) {
        case .time(let us, _):
            let inOrder = us >= startUs && us <= endUs
            let plausibleAcrossChange = acrossAutumnChange && us >= startUs - hour && us <= startUs + hour
            guard inOrder || plausibleAcrossChange else {
                return fail(TB_REJECT_OUT_OF_RANGE, .connectTime, "connect time lies outside start and end")
            }
            answerUs = us
        case .absent: break
        case .invalid: return fail(TB_REJECT_OUT_OF_RANGE, .connectTime, "connect is not a valid date and time")
        }
        let script = time(data, layout, date: .scriptConnectDate, time: .scriptConnectTime)
        if script == .invalid { return fail(TB_REJECT_OUT_OF_RANGE, .scriptConnectTime, "script connect is not a valid date and time") }
        let delivered = time(data, layout, date: .deliveredDate, time: .deliveredTime)
        if delivered == .invalid { return fail(TB_REJECT_OUT_OF_RANGE, .deliveredTime, "delivered is not a valid date and time") }

        // Transfer links.
        var linked: [TransferLinks.Key?] = []
        for field in [Field.transferredToCallId, .transferredCallId1, .transferredCallId2] {
            switch callId(data, field) {
            case .id(let id): linked.append(TransferLinks.Key(day: day, id: id))
            case .none: linked.append(nil)
            case .invalid: return fail(TB_REJECT_OUT_OF_RANGE, field, "transfer link is not a call id")
            }
        }

        // Charge.
        let currency = raw(data, .currency)
        let charge = Money.read(raw(data, .costs), minorDigits: Money.minorDigits(currency))
        if charge == .invalid { return fail(TB_REJECT_OUT_OF_RANGE, .costs, "costs are not a non-negative amount") }

        let ownKey = TransferLinks.Key(day: day, id: own)
        let root = links.root(own: ownKey, transferredTo: linked[0], joined1: linked[1], joined2: linked[2])

        var r = tb_record()
        r.struct_size = UInt32(MemoryLayout<tb_record>.size)
        r.source_offset = streamOffset + UInt64(start)
        r.source_length = UInt64(end - start)
        r.vendor_record_id = key(ownKey)
        r.correlation_id = key(root)
        r.time_basis = tb_time_basis(TB_TIME_LOCAL)
        r.start_us = startUs
        r.answer_us = answerUs
        r.end_us = endUs
        r.ring_ms = Int64.min
        r.talk_ms = Int64.min
        r.cause = Int64.min
        r.charge_units = Int64.min
        r.charge_minor = Int64.min
        if case .minor(let minor) = charge {
            r.charge_minor = minor
            r.charge_currency = text(data, .currency)
        }
        r.cause_text = text(data, .disconnectReason)
        r.disposition = DisconnectReason.disposition(answered: answerUs != Int64.min, reason: raw(data, .disconnectReason))
        r.project_code = text(data, .projectNumber)
        classify(&r, data, linked, queued: script != .absent || delivered != .absent)

        if let bad = NumberFields.firstInvalid(r) {
            return reject(TB_REJECT_MALFORMED, start, end, streamOffset, fieldName: bad.abiName, NumberFields.message)
        }
        let kv = extras + pending * SwyxParser.extrasPerRecord
        r.extra = UnsafePointer(kv)
        r.extra_count = UInt32(fillExtras(kv, data))

        records[pending] = r
        pending += 1
        if pending == SwyxParser.batchCapacity { return flush() }
        return tb_status(TB_OK)
    }

    /// `<call id>@<yyyy-mm-dd>`, built in the arena.
    private func key(_ key: TransferLinks.Key) -> tb_str {
        let out = arena.allocate(31)
        var digits: [UInt8] = []
        var v = key.id
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v > 0
        var length = 0
        for d in digits.reversed() { out[length] = d; length += 1 }
        out[length] = UInt8(ascii: "@")
        length += 1
        WallClock.writeISODate(key.day, into: out + length)
        return StaticText.slice(out, length + 10)
    }

    /// Writes the vendor extras of the row and returns how many there are.
    private func fillExtras(_ kv: UnsafeMutablePointer<tb_kv>, _ data: UnsafePointer<UInt8>) -> Int {
        var count = 0
        for (field, name) in SwyxParser.rawExtras {
            let value = text(data, field)
            if value.len > 0 {
                kv[count] = tb_kv(key: StaticText.str(name), value: value)
                count += 1
            }
        }
        return count
    }

    /// Extras copied as written: field → key (at most `extrasPerRecord`).
    private static let rawExtras: [(Field, StaticString)] = [
        (.state, "state"), (.publicAccessPrefix, "public_access_prefix"), (.lcrProvider, "lcr_provider"), (.aoc, "aoc"),
    ]
}
