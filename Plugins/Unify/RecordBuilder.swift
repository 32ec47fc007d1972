import PluginAPI

/// Turning the fields of one call line into a `tb_record` in the pending batch.
extension UnifyParser {
    /// Converts `fields` of `line` into a record, or a reject naming the first bad field.
    /// Times: the line gives the END of the call in PBX local time, handed over as TB_TIME_LOCAL
    /// with the duration (talk) and ringing time; the host derives answer = end − duration and
    /// start = answer (or end) − ringing time in UTC, so calls across a clock change come out right.
    func buildRecord(_ line: Bytes, _ fields: CallFields, _ span: Span) -> tb_status {
        guard !fields.date.isEmpty else { return reject(TB_REJECT_MISSING_FIELD, span, "date", "date is empty") }
        guard !fields.time.isEmpty else { return reject(TB_REJECT_MISSING_FIELD, span, "time", "time is empty") }
        guard TimeFields.clock(fields.time, maximumHours: 23) != nil else {
            return reject(TB_REJECT_OUT_OF_RANGE, span, "time", "time is not a valid hh:mm:ss")
        }
        guard let endSeconds = TimeFields.wallClockSeconds(date: fields.date, time: fields.time,
                                                           yearPivot: options.yearPivot) else {
            return reject(TB_REJECT_OUT_OF_RANGE, span, "date", "date is not a valid DD.MM.YY")
        }
        guard !fields.informationElement.isEmpty else {
            return reject(TB_REJECT_MISSING_FIELD, span, "information_element", "information element is empty")
        }
        guard let element = InformationElement(fields.informationElement) else {
            return reject(TB_REJECT_OUT_OF_RANGE, span, "information_element", "unknown information element")
        }
        if element.isRingingNotice { return skip(span, "ringing notice (not a call)") }
        var ring: Int?
        if !fields.ring.isEmpty {
            guard let value = TimeFields.minutesSeconds(fields.ring) else {
                return reject(TB_REJECT_OUT_OF_RANGE, span, "ring_time", "ringing time is not a valid mm:ss")
            }
            ring = value
        }
        var duration: Int?
        if !fields.duration.isEmpty {
            guard let value = TimeFields.clock(fields.duration, maximumHours: 23) else {
                return reject(TB_REJECT_OUT_OF_RANGE, span, "duration", "duration is not a valid hh:mm:ss")
            }
            duration = value
        }
        guard !fields.extension_.isEmpty else {
            return reject(TB_REJECT_MISSING_FIELD, span, "extension", "extension is empty")
        }
        if let name = fields.firstBadDialField() {
            return reject(TB_REJECT_MALFORMED, span, name, NumberFields.message)
        }
        let charge = Charges.read(fields.charge, mode: options.charges, layout: fields.layout)
        if case .invalid = charge {
            return reject(TB_REJECT_OUT_OF_RANGE, span, "charge", "charge is not a number of the expected form")
        }

        var r = tb_record()
        r.struct_size = UInt32(MemoryLayout<tb_record>.size)
        r.source_offset = span.streamOffset + UInt64(span.start)
        r.source_length = UInt64(span.end - span.start)
        r.flags = element.flags
        if fields.ring.equals("59:59") || fields.duration.equals("23:59:59") {
            r.flags |= UInt32(TB_FLAG_TIME_SATURATED)
        }

        // Times (wall-clock microseconds) and the outcome.
        let endUs = endSeconds * 1_000_000
        if let duration, duration > 0 {
            r.disposition = tb_disposition(TB_DISPOSITION_ANSWERED)
            r.talk_ms = Int64(duration) * 1000
        } else {
            // Not connected: a blank duration (or one of zero with a ringing time) is an
            // unanswered call; zero duration without ringing is the busy-station record.
            let busy = duration == 0 && (ring ?? 0) == 0
            r.disposition = tb_disposition(busy ? TB_DISPOSITION_BUSY : TB_DISPOSITION_NO_ANSWER)
            r.talk_ms = Int64.min
        }
        // Only the end is a wall-clock time; the host derives answer = end − talk and
        // start = (answer, else end) − ring in UTC, which stays right across clock changes.
        r.time_basis = tb_time_basis(TB_TIME_LOCAL)
        r.end_us = endUs
        r.answer_us = Int64.min
        r.start_us = Int64.min
        r.ring_ms = ring.map { Int64($0) * 1000 } ?? Int64.min

        // Parties.
        r.direction = element.direction
        r.extension = fields.extension_.str
        r.remote = fields.number.str
        if element.direction == tb_direction(TB_DIRECTION_INCOMING) {
            r.calling = fields.number.str
            r.called = fields.extension_.str
            r.original_called = fields.lcrNumber.str
        } else {
            r.calling = fields.extension_.str
            r.called = fields.number.str
            if element.isForwardToExternal { r.redirecting = fields.extension_.str }
        }
        r.trunk = fields.trunk.str
        r.account_code = fields.account.str
        r.cause = Int64.min
        r.charge_units = Int64.min
        r.charge_minor = Int64.min
        switch charge {
        case .units(let units): r.charge_units = units
        case .amount(let minor):
            r.charge_minor = minor
            r.charge_currency = currency
        case .none, .invalid: break
        }

        // Identity: derived from the line (see RecordID); nothing in the line links legs.
        let id = arena.allocate(RecordID.length)
        RecordID.write(line: line, date: fields.date, time: fields.time, into: id)
        r.vendor_record_id = StaticText.slice(id, RecordID.length)
        r.correlation_id = r.vendor_record_id

        if let bad = NumberFields.firstInvalid(r) {
            return reject(TB_REJECT_MALFORMED, span, bad.abiName, NumberFields.message)
        }
        let kv = extras + pending * UnifyParser.extrasPerRecord
        r.extra = UnsafePointer(kv)
        r.extra_count = UInt32(fillExtras(kv, fields, element))

        records[pending] = r
        pending += 1
        if pending == UnifyParser.batchCapacity { return flush() }
        return tb_status(TB_OK)
    }

    /// Writes the vendor extras of the line and returns how many there are: `layout`,
    /// `information_element` (as written), then `msn`, `seizure_code`, `lcr_route` and, for
    /// outgoing calls, `lcr_number` when present; `service` = `other` for codes 3 and 4.
    private func fillExtras(_ kv: UnsafeMutablePointer<tb_kv>, _ fields: CallFields, _ element: InformationElement) -> Int {
        var count = 0
        func add(_ key: StaticString, _ value: tb_str) {
            guard value.len > 0 else { return }
            kv[count] = tb_kv(key: StaticText.str(key), value: value)
            count += 1
        }
        add("layout", StaticText.str(fields.layout.name))
        add("information_element", fields.informationElement.str)
        if element.isOtherService { add("service", StaticText.str("other")) }
        add("msn", fields.msn.str)
        add("seizure_code", fields.seizureCode.str)
        add("lcr_route", fields.lcrRoute.str)
        if element.direction == tb_direction(TB_DIRECTION_OUTGOING) { add("lcr_number", fields.lcrNumber.str) }
        return count
    }
}
