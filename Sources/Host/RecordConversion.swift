internal import PluginAPI
import TollbookCore

/// Turns a plugin's `tb_record` into a row of a ``CallBatch``, checking what the ABI requires.
enum RecordConversion {
    /// Why a record was refused: the field and a message without personal data.
    struct Problem: Error {
        let field: String
        let message: String
        /// ``RejectReason/pluginViolation`` when the plugin broke the ABI's rules;
        /// ``RejectReason/outOfRange`` when local times do not fit once converted;
        /// ``RejectReason/malformed`` when a number field is not a dial string or a URI.
        var reason: RejectReason = .pluginViolation
    }

    static let absent = Int64.min

    /// Appends `r` to `batch`, or returns why it cannot be stored (then `batch` is unchanged).
    static func append(_ r: tb_record, converter: WallClockConverter, to batch: inout CallBatch) -> Problem? {
        if let field = firstMalformedString(r) {
            return Problem(field: field, message: "NULL pointer with a non-zero length")
        }
        if r.vendor_record_id.len == 0 {
            return Problem(field: "vendor_record_id", message: "empty vendor record id")
        }
        if r.end_us == absent || (r.start_us == absent && r.answer_us != absent) {
            return Problem(field: r.end_us == absent ? "end" : "start", message: "required time is absent")
        }
        guard r.time_basis == tb_time_basis(TB_TIME_UTC) || r.time_basis == tb_time_basis(TB_TIME_LOCAL) else {
            return Problem(field: "time_basis", message: "unknown time basis \(r.time_basis)")
        }
        if r.start_us == absent && (r.talk_ms < 0 && r.talk_ms != absent || r.ring_ms < 0 && r.ring_ms != absent) {
            return Problem(field: r.talk_ms < 0 && r.talk_ms != absent ? "talk_ms" : "ring_ms", message: "negative duration")
        }
        var flags = CallFlags(rawValue: r.flags & CallFlags.pluginMask)
        func utc(_ microseconds: Int64, preferLater: Bool = false) -> Int64 {
            let ms = microseconds >= 0 ? microseconds / 1000 : -((-microseconds + 999) / 1000)
            guard r.time_basis == tb_time_basis(TB_TIME_LOCAL) else { return ms }
            let converted = converter.utcMilliseconds(fromWallClock: ms, preferLater: preferLater)
            flags.formUnion(converted.flags)
            return converted.utcMs
        }
        let start: Int64
        var end = utc(r.end_us)
        var answer: Int64?
        if r.start_us == absent {
            // Derived from the end and the durations, in UTC (see the header).
            answer = r.talk_ms == absent ? nil : end - r.talk_ms
            start = (answer ?? end) - (r.ring_ms == absent ? 0 : r.ring_ms)
        } else {
            start = utc(r.start_us)
            answer = r.answer_us == absent ? nil : utc(r.answer_us)
            // A call that began before the clocks went back and ended after: its end (and answer)
            // wall-clock times lie in the repeated hour's second pass.
            if r.time_basis == tb_time_basis(TB_TIME_LOCAL) {
                if end < start { end = utc(r.end_us, preferLater: true) }
                if let early = answer, early < start { answer = utc(r.answer_us, preferLater: true) }
                if let late = answer, late > end { answer = utc(r.answer_us) }
            }
        }
        let ordering: RejectReason = r.time_basis == tb_time_basis(TB_TIME_LOCAL) ? .outOfRange : .pluginViolation
        guard end >= start else { return Problem(field: "end", message: "end lies before start", reason: ordering) }
        if let answer, answer < start || answer > end {
            return Problem(field: "answer", message: "answer lies outside start…end", reason: ordering)
        }
        let talk = r.talk_ms == absent ? answer.map { end - $0 } ?? 0 : r.talk_ms
        let ring = r.ring_ms == absent ? (answer ?? end) - start : r.ring_ms
        guard talk >= 0, ring >= 0 else {
            return Problem(field: talk < 0 ? "talk_ms" : "ring_ms", message: "negative duration")
        }
        let extraCount = Int(min(r.extra_count, 256))
        if extraCount > 0, let list = r.extra {
            for index in 0..<extraCount where !list[index].key.isWellFormed || !list[index].value.isWellFormed {
                return Problem(field: "extra", message: "NULL pointer with a non-zero length")
            }
        }
        // The contract holds; a number that is not a dial string is bad data the connector passed on.
        if let field = firstInvalidNumber(r) {
            return Problem(field: field, message: NumberField.rejectMessage, reason: .malformed)
        }

        var row = CallBatch.Row()
        func text(_ value: tb_str) -> CallBatch.Text {
            guard value.len > 0, let pointer = value.ptr else { return .empty }
            return batch.appendText(UnsafeRawBufferPointer(start: pointer, count: value.len))
        }
        row.vendorRecordID = text(r.vendor_record_id)
        row.correlationID = text(r.correlation_id)
        row.startMs = start
        row.answerMs = answer ?? .min
        row.endMs = end
        row.ringMs = ring
        row.talkMs = talk
        row.direction = Direction(abiCode: r.direction)
        row.disposition = Disposition(abiCode: r.disposition)
        row.flags = flags
        row.calling = text(r.calling)
        row.called = text(r.called)
        row.originalCalled = text(r.original_called)
        row.connected = text(r.connected)
        row.redirecting = text(r.redirecting)
        row.extension = text(r.extension)
        row.remote = text(r.remote)
        row.accountCode = text(r.account_code)
        row.pin = text(r.pin)
        row.projectCode = text(r.project_code)
        row.trunk = text(r.trunk)
        row.device = text(r.device)
        row.remoteDevice = text(r.remote_device)
        row.huntGroup = text(r.hunt_group)
        row.causeText = text(r.cause_text)
        row.chargeCurrency = text(r.charge_currency)
        row.cause = r.cause
        row.chargeUnits = r.charge_units
        row.chargeMinor = r.charge_minor
        row.sourceOffset = r.source_offset
        row.sourceLength = r.source_length
        if extraCount > 0, let list = r.extra {
            var fields: [(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)] = []
            fields.reserveCapacity(extraCount)
            for index in 0..<extraCount {
                let pair = list[index]
                fields.append((UnsafeRawBufferPointer(start: pair.key.ptr, count: pair.key.len),
                               UnsafeRawBufferPointer(start: pair.value.ptr, count: pair.value.len)))
            }
            row.extraJSON = batch.appendExtraJSON(fields)
        }
        batch.append(row)
        return nil
    }

    /// The ABI name of the first number field that breaks the number-field rule (``NumberField``),
    /// if any; nil for conference, recording and monitoring legs.
    private static func firstInvalidNumber(_ r: tb_record) -> String? {
        // Field by field, without allocating (this runs for every record).
        guard r.flags & NumberField.exemptFlags.rawValue == 0 else { return nil }
        if !isValidNumber(r.calling) { return "calling" }
        if !isValidNumber(r.called) { return "called" }
        if !isValidNumber(r.original_called) { return "original_called" }
        if !isValidNumber(r.connected) { return "connected" }
        if !isValidNumber(r.redirecting) { return "redirecting" }
        if !isValidNumber(r.extension) { return "extension" }
        if !isValidNumber(r.remote) { return "remote" }
        if !isValidNumber(r.hunt_group) { return "hunt_group" }
        return nil
    }

    @inline(__always)
    private static func isValidNumber(_ value: tb_str) -> Bool {
        guard value.len > 0, let pointer = value.ptr else { return true }
        return NumberField.isValid(UnsafeRawBufferPointer(start: pointer, count: value.len))
    }

    /// The name of the first string field with a NULL pointer and a non-zero length, if any.
    /// (Checked field by field: this runs for every record, so it must not allocate.)
    private static func firstMalformedString(_ r: tb_record) -> String? {
        if !r.vendor_record_id.isWellFormed { return "vendor_record_id" }
        if !r.correlation_id.isWellFormed { return "correlation_id" }
        if !r.calling.isWellFormed { return "calling" }
        if !r.called.isWellFormed { return "called" }
        if !r.original_called.isWellFormed { return "original_called" }
        if !r.connected.isWellFormed { return "connected" }
        if !r.redirecting.isWellFormed { return "redirecting" }
        if !r.extension.isWellFormed { return "extension" }
        if !r.remote.isWellFormed { return "remote" }
        if !r.trunk.isWellFormed { return "trunk" }
        if !r.device.isWellFormed { return "device" }
        if !r.remote_device.isWellFormed { return "remote_device" }
        if !r.hunt_group.isWellFormed { return "hunt_group" }
        if !r.account_code.isWellFormed { return "account_code" }
        if !r.pin.isWellFormed { return "pin" }
        if !r.project_code.isWellFormed { return "project_code" }
        if !r.cause_text.isWellFormed { return "cause_text" }
        if !r.charge_currency.isWellFormed { return "charge_currency" }
        return nil
    }
}
