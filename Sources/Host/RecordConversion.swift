internal import PluginAPI
import TollbookCore

/// Turns a plugin's `tb_record` into a ``CallRecord``, checking what the ABI requires.
enum RecordConversion {
    /// Why a record was refused: the field and a message without personal data.
    struct Problem: Error {
        let field: String
        let message: String
    }

    static let absent = Int64.min

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

    static func convert(_ r: tb_record, converter: WallClockConverter) -> Result<CallRecord, Problem> {
        if let field = firstMalformedString(r) {
            return .failure(Problem(field: field, message: "NULL pointer with a non-zero length"))
        }
        if r.vendor_record_id.len == 0 {
            return .failure(Problem(field: "vendor_record_id", message: "empty vendor record id"))
        }
        if r.start_us == absent || r.end_us == absent {
            return .failure(Problem(field: r.start_us == absent ? "start" : "end", message: "required time is absent"))
        }
        guard r.time_basis == tb_time_basis(TB_TIME_UTC) || r.time_basis == tb_time_basis(TB_TIME_LOCAL) else {
            return .failure(Problem(field: "time_basis", message: "unknown time basis \(r.time_basis)"))
        }
        var flags = CallFlags(rawValue: r.flags & CallFlags.pluginMask)
        func utc(_ microseconds: Int64) -> Int64 {
            let ms = microseconds >= 0 ? microseconds / 1000 : -((-microseconds + 999) / 1000)
            guard r.time_basis == tb_time_basis(TB_TIME_LOCAL) else { return ms }
            let converted = converter.utcMilliseconds(fromWallClock: ms)
            flags.formUnion(converted.flags)
            return converted.utcMs
        }
        let start = utc(r.start_us)
        let end = utc(r.end_us)
        let answer = r.answer_us == absent ? nil : utc(r.answer_us)
        guard end >= start else { return .failure(Problem(field: "end", message: "end lies before start")) }
        if let answer, answer < start || answer > end {
            return .failure(Problem(field: "answer", message: "answer lies outside start…end"))
        }
        let talk = r.talk_ms == absent ? answer.map { end - $0 } ?? 0 : r.talk_ms
        let ring = r.ring_ms == absent ? (answer ?? end) - start : r.ring_ms
        guard talk >= 0, ring >= 0 else {
            return .failure(Problem(field: talk < 0 ? "talk_ms" : "ring_ms", message: "negative duration"))
        }
        var extra: [VendorField] = []
        if r.extra_count > 0, let list = r.extra {
            extra.reserveCapacity(Int(r.extra_count))
            for index in 0..<Int(min(r.extra_count, 256)) {
                let pair = list[index]
                guard pair.key.isWellFormed, pair.value.isWellFormed else {
                    return .failure(Problem(field: "extra", message: "NULL pointer with a non-zero length"))
                }
                extra.append(VendorField(key: pair.key.string, value: pair.value.string))
            }
        }
        let parties = CallParties(
            calling: r.calling.string, called: r.called.string, originalCalled: r.original_called.string,
            connected: r.connected.string, redirecting: r.redirecting.string, extension: r.extension.string,
            remote: r.remote.string, accountCode: r.account_code.string, pin: r.pin.string,
            projectCode: r.project_code.string)
        return .success(CallRecord(
            vendorRecordID: r.vendor_record_id.string, correlationID: r.correlation_id.string, startMs: start,
            answerMs: answer, endMs: end, ringMs: ring, talkMs: talk, direction: Direction(abiCode: r.direction),
            disposition: Disposition(abiCode: r.disposition), flags: flags, parties: parties, trunk: r.trunk.string,
            device: r.device.string, remoteDevice: r.remote_device.string, huntGroup: r.hunt_group.string,
            cause: r.cause == absent ? nil : r.cause, causeText: r.cause_text.string,
            chargeUnits: r.charge_units == absent ? nil : r.charge_units,
            chargeMinor: r.charge_minor == absent ? nil : r.charge_minor, chargeCurrency: r.charge_currency.string,
            sourceOffset: r.source_offset, sourceLength: r.source_length, extra: extra))
    }
}
