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

    static func convert(_ r: tb_record, converter: WallClockConverter) -> Result<CallRecord, Problem> {
        let strings: [(String, tb_str)] = [
            ("vendor_record_id", r.vendor_record_id), ("correlation_id", r.correlation_id), ("calling", r.calling),
            ("called", r.called), ("original_called", r.original_called), ("connected", r.connected),
            ("redirecting", r.redirecting), ("extension", r.extension), ("remote", r.remote), ("trunk", r.trunk),
            ("device", r.device), ("remote_device", r.remote_device), ("hunt_group", r.hunt_group),
            ("account_code", r.account_code), ("pin", r.pin), ("project_code", r.project_code),
            ("cause_text", r.cause_text), ("charge_currency", r.charge_currency),
        ]
        for (name, value) in strings where !value.isWellFormed {
            return .failure(Problem(field: name, message: "NULL pointer with a non-zero length"))
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
