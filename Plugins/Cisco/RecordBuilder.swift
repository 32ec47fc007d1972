import PluginAPI

/// Turning one data row into a `tb_record` in the pending batch.
extension CiscoParser {
    /// Outcome of reading an integer column of the current row.
    private enum IntegerRead {
        /// A value, or nil when the field is empty or the column absent.
        case ok(Int64?)
        /// Not an integer.
        case invalid
    }

    /// The text of `field` in the current row: zero copy into `data`, or unescaped into the arena
    /// when it holds doubled quotes. Empty when the file lacks the column.
    @inline(__always)
    private func text(_ data: UnsafePointer<UInt8>, _ field: Field) -> tb_str {
        let column = columnOf[field.rawValue]
        if column < 0 { return StaticText.empty }
        let slice = scanner.fields[column]
        if !slice.hasEscapedQuotes { return StaticText.slice(data + slice.start, slice.count) }
        let source = data + slice.start
        let out = arena.allocate(slice.count)
        var length = 0, index = 0
        while index < slice.count {
            out[length] = source[index]
            length += 1
            index += source[index] == UInt8(ascii: "\"") ? 2 : 1
        }
        return StaticText.slice(out, length)
    }

    /// The integer in `field`, nil when empty or absent.
    @inline(__always)
    private func integer(_ data: UnsafePointer<UInt8>, _ field: Field) -> IntegerRead {
        let column = columnOf[field.rawValue]
        if column < 0 { return .ok(nil) }
        let slice = scanner.fields[column]
        switch IntegerField.parse(data + slice.start, slice.count) {
        case .empty: return .ok(nil)
        case .value(let v): return .ok(v)
        case .invalid: return .invalid
        }
    }

    /// Converts the current row (`data[start..<end]`, already split by the scanner) into a record,
    /// or a reject when a required field is missing or an integer is not one.
    func buildRecord(_ data: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ streamOffset: UInt64) -> tb_status {
        // Integers, in column order of importance; any bad one rejects the row.
        var values = IntegerValues()
        for field in IntegerValues.fields {
            switch integer(data, field) {
            case .ok(let v): values[field] = v
            case .invalid:
                return reject(TB_REJECT_OUT_OF_RANGE, start, end, streamOffset, field, "not an integer")
            }
        }

        // Record type: 1 = CDR; 2 = CMR; 0 = start record (not written by current releases).
        switch values[.cdrRecordType] ?? 1 {
        case 1: break
        case 2: return skip(start, end, streamOffset, "CMR (call quality) record")
        case 0: return skip(start, end, streamOffset, "CDR start record")
        default:
            return reject(TB_REJECT_UNSUPPORTED, start, end, streamOffset, .cdrRecordType, "unknown record type")
        }

        let pkid = text(data, .pkid)
        if pkid.len == 0 { return reject(TB_REJECT_MISSING_FIELD, start, end, streamOffset, .pkid, "pkid is empty") }
        guard let origination = values[.dateTimeOrigination] else {
            return reject(TB_REJECT_MISSING_FIELD, start, end, streamOffset, .dateTimeOrigination, "start time is empty")
        }
        guard let disconnect = values[.dateTimeDisconnect] else {
            return reject(TB_REJECT_MISSING_FIELD, start, end, streamOffset, .dateTimeDisconnect, "end time is empty")
        }
        guard values[.callManagerID] != nil else {
            return reject(TB_REJECT_MISSING_FIELD, start, end, streamOffset, .callManagerID, "call manager id is empty")
        }
        guard values[.callID] != nil else {
            return reject(TB_REJECT_MISSING_FIELD, start, end, streamOffset, .callID, "call id is empty")
        }
        if let cause = values[.origCauseValue], cause < 0 || cause > Int64(UInt32.max) {
            return reject(TB_REJECT_OUT_OF_RANGE, start, end, streamOffset, .origCauseValue, "cause outside the 32-bit range")
        }
        if let cause = values[.destCauseValue], cause < 0 || cause > Int64(UInt32.max) {
            return reject(TB_REJECT_OUT_OF_RANGE, start, end, streamOffset, .destCauseValue, "cause outside the 32-bit range")
        }
        let connect = values[.dateTimeConnect] ?? 0
        guard let startUs = microseconds(origination) else {
            return reject(TB_REJECT_OUT_OF_RANGE, start, end, streamOffset, .dateTimeOrigination, "time outside the supported range")
        }
        guard let endUs = microseconds(disconnect) else {
            return reject(TB_REJECT_OUT_OF_RANGE, start, end, streamOffset, .dateTimeDisconnect, "time outside the supported range")
        }
        guard let answerUs = connect > 0 ? microseconds(connect) : Int64.min else {
            return reject(TB_REJECT_OUT_OF_RANGE, start, end, streamOffset, .dateTimeConnect, "time outside the supported range")
        }
        // The ABI requires start ≤ answer ≤ end; a damaged row is a reject, not a record the host refuses.
        if endUs < startUs {
            return reject(TB_REJECT_OUT_OF_RANGE, start, end, streamOffset, .dateTimeDisconnect, "end time before start time")
        }
        if answerUs != Int64.min, answerUs < startUs || answerUs > endUs {
            return reject(TB_REJECT_OUT_OF_RANGE, start, end, streamOffset, .dateTimeConnect, "connect time outside start…end")
        }
        var talkMs = Int64.min
        if let duration = values[.duration] {
            let (ms, overflow) = duration.multipliedReportingOverflow(by: 1000)
            if overflow || duration < 0 {
                return reject(TB_REJECT_OUT_OF_RANGE, start, end, streamOffset, .duration, "duration outside the supported range")
            }
            talkMs = ms
        }

        // Strings (zero copy where possible).
        var facts = CallFacts()
        facts.calling = text(data, .callingPartyNumber)
        facts.originalCalled = text(data, .originalCalledPartyNumber)
        facts.finalCalled = text(data, .finalCalledPartyNumber)
        facts.lastRedirectDn = text(data, .lastRedirectDn)
        facts.huntPilot = text(data, .huntPilotDN)
        facts.connect = connect
        facts.origCause = values[.origCauseValue]
        facts.destCause = values[.destCauseValue]
        facts.origTerminationOnBehalfOf = values[.origCallTerminationOnBehalfOf] ?? 0
        facts.destTerminationOnBehalfOf = values[.destCallTerminationOnBehalfOf] ?? 0
        facts.origRedirectOnBehalfOf = values[.origCalledPartyRedirectOnBehalfOf] ?? 0
        facts.lastRedirectOnBehalfOf = values[.lastRedirectRedirectOnBehalfOf] ?? 0
        facts.origRedirectReason = values[.origCalledPartyRedirectReason] ?? 0
        facts.lastRedirectReason = values[.lastRedirectRedirectReason] ?? 0
        facts.joinOnBehalfOf = values[.joinOnBehalfOf] ?? 0
        facts.patternUsage = values[.calledPartyPatternUsage] ?? 0
        let origDevice = text(data, .origDeviceName)
        let destDevice = text(data, .destDeviceName)
        facts.origDevice = kind(origDevice)
        facts.destDevice = kind(destDevice)
        facts.destIsVoicemail = destDevice.len > 0 && destDevice.ptr.map {
            options.devices.isVoicemail(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), destDevice.len)
        } ?? false

        let cause = Classification.cause(facts)
        let direction = Classification.direction(facts)
        if facts.origDevice == .trunk && facts.destDevice == .trunk && options.devices.trunkPatterns == nil
            && !warnedAboutTrunkToTrunk {
            // Without trunk_patterns every device that is not a phone, voicemail port or media
            // resource is a trunk: a forward to a voicemail or other server on a SIP trunk looks
            // like an outside call (once per source).
            warnedAboutTrunkToTrunk = true
            log(Int32(TB_LOG_WARNING), CiscoParser.trunkToTrunkWarning)
        }

        var r = tb_record()
        r.struct_size = UInt32(MemoryLayout<tb_record>.size)
        r.flags = Classification.flags(facts)
        r.source_offset = streamOffset + UInt64(start)
        r.source_length = UInt64(end - start)
        r.vendor_record_id = pkid
        r.time_basis = tb_time_basis(TB_TIME_UTC)
        r.start_us = startUs
        r.answer_us = answerUs
        r.end_us = endUs
        r.ring_ms = Int64.min
        r.talk_ms = talkMs
        r.calling = facts.calling
        r.called = facts.finalCalled
        r.original_called = facts.originalCalled
        r.connected = connect > 0 ? facts.finalCalled : StaticText.empty
        r.redirecting = facts.lastRedirectDn
        r.direction = direction
        r.disposition = Classification.disposition(connect: connect, cause: cause)
        r.hunt_group = facts.huntPilot
        r.account_code = text(data, .clientMatterCode)
        r.pin = text(data, .authorizationCodeValue)
        r.cause = cause ?? Int64.min
        r.charge_units = Int64.min
        r.charge_minor = Int64.min

        switch direction {
        case tb_direction(TB_DIRECTION_OUTGOING):
            let outpulsed = text(data, .outpulsedCalledPartyNumber)
            if facts.origDevice == .trunk {
                // Trunk to trunk: an outside call sent out again (forward, transfer). The local
                // party is the one that redirected it.
                r.extension = facts.lastRedirectDn.len > 0 ? facts.lastRedirectDn : facts.originalCalled
                r.remote_device = origDevice
            } else {
                r.extension = facts.calling
                r.device = origDevice
            }
            if outpulsed.len > 0 {
                // What the gateway sent: network format, without the trunk access code.
                r.remote = outpulsed
                r.flags |= UInt32(TB_FLAG_REMOTE_NETWORK_FORMAT)
            } else {
                r.remote = facts.finalCalled
            }
            r.trunk = destDevice
        case tb_direction(TB_DIRECTION_INCOMING):
            r.extension = facts.finalCalled
            r.remote = facts.calling
            r.device = destDevice
            r.trunk = origDevice
        case tb_direction(TB_DIRECTION_INTERNAL):
            r.extension = facts.calling
            r.remote = facts.finalCalled
            r.device = origDevice
            r.remote_device = destDevice
        default:
            r.device = origDevice
            r.remote_device = destDevice
        }

        if let bad = NumberFields.firstInvalid(r) {
            // E.g. a number a spreadsheet re-saved as `9.12678E+11`: named by its CUCM column.
            return reject(TB_REJECT_MALFORMED, start, end, streamOffset, column(of: bad, remoteIsOutpulsed: r.flags & UInt32(TB_FLAG_REMOTE_NETWORK_FORMAT) != 0), NumberFields.message)
        }
        r.correlation_id = correlationID(data)
        let kv = extras + pending * CiscoParser.extrasPerRecord
        r.extra = UnsafePointer(kv)
        r.extra_count = UInt32(fillExtras(kv, data, values))

        records[pending] = r
        pending += 1
        if pending == CiscoParser.batchCapacity { return flush() }
        return tb_status(TB_OK)
    }

    /// The CUCM column a record number field was taken from (the local and remote party are
    /// copies of the other fields, except an outpulsed remote number).
    private func column(of name: NumberFields.Name, remoteIsOutpulsed: Bool) -> Field {
        switch name {
        case .calling: return .callingPartyNumber
        case .called, .connected: return .finalCalledPartyNumber
        case .originalCalled: return .originalCalledPartyNumber
        case .redirecting: return .lastRedirectDn
        case .huntGroup: return .huntPilotDN
        case .remote: return remoteIsOutpulsed ? .outpulsedCalledPartyNumber : .finalCalledPartyNumber
        case .extensionNumber: return .callingPartyNumber
        }
    }

    /// The warning logged for the first trunk-to-trunk leg of a source without `trunk_patterns`.
    static let trunkToTrunkWarning: StaticString = "trunk_patterns is not set and a leg runs from a non-phone device to a non-phone device: it is stored as outgoing (an outside call). If that device is a voicemail or application server on a SIP trunk, set trunk_patterns to the gateways and trunks that lead outside."

    /// Seconds to microseconds, nil on overflow.
    @inline(__always)
    private func microseconds(_ seconds: Int64) -> Int64? {
        let (us, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        return overflow ? nil : us
    }

    /// The device kind of a device name.
    @inline(__always)
    private func kind(_ name: tb_str) -> DeviceKind {
        guard let p = name.ptr, name.len > 0 else { return .none }
        return options.devices.kind(UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), name.len)
    }

    /// "<cluster>:<callManagerId>:<callId>", built in the arena from the fields' text.
    private func correlationID(_ data: UnsafePointer<UInt8>) -> tb_str {
        var cluster = text(data, .clusterID)
        if cluster.len == 0 { cluster = clusterOption }
        let node = text(data, .callManagerID)
        let call = text(data, .callID)
        let out = arena.allocate(cluster.len + 1 + node.len + 1 + call.len)
        var length = 0
        append(&cluster, out, &length)
        out[length] = UInt8(ascii: ":"); length += 1
        var nodeText = node
        append(&nodeText, out, &length)
        out[length] = UInt8(ascii: ":"); length += 1
        var callText = call
        append(&callText, out, &length)
        return StaticText.slice(out, length)
    }

    /// Copies `s` to `out + length`.
    @inline(__always)
    private func append(_ s: inout tb_str, _ out: UnsafeMutablePointer<UInt8>, _ length: inout Int) {
        guard let p = s.ptr, s.len > 0 else { return }
        (out + length).update(from: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: s.len)
        length += s.len
    }

    /// Writes the vendor extras of the row and returns how many there are.
    private func fillExtras(_ kv: UnsafeMutablePointer<tb_kv>, _ data: UnsafePointer<UInt8>, _ values: IntegerValues) -> Int {
        var count = 0
        for (field, key) in CiscoParser.ipExtras {
            if let ip = values[field] {
                let out = arena.allocate(IPv4Decoding.maxLength)
                let length = IPv4Decoding.format(ip, into: out)
                if length > 0 {
                    kv[count] = tb_kv(key: StaticText.str(key), value: StaticText.slice(out, length))
                    count += 1
                }
            }
        }
        for (field, key) in CiscoParser.rawExtras {
            let value = text(data, field)
            // "0" means "none" in every one of these columns: leave it out (it is most rows).
            if value.len > 0 && !(value.len == 1 && value.ptr?.pointee == 0x30) {
                kv[count] = tb_kv(key: StaticText.str(key), value: value)
                count += 1
            }
        }
        return count
    }

    /// IP extras: field → key.
    private static let ipExtras: [(Field, StaticString)] = [(.origIpAddr, "orig_ip"), (.destIpAddr, "dest_ip")]
    /// Extras copied as written: field → key.
    private static let rawExtras: [(Field, StaticString)] = [
        (.origCauseValue, "orig_cause"), (.destCauseValue, "dest_cause"),
        (.lastRedirectRedirectReason, "last_redirect_reason"), (.joinOnBehalfOf, "join_on_behalf_of"),
        (.calledPartyPatternUsage, "called_pattern_usage"),
    ]
}

/// The integer columns of one row, by `Field`: a fixed-size table, so reading a row allocates
/// nothing.
struct IntegerValues {
    /// The integer columns the record builder reads.
    static let fields: [Field] = [
        .cdrRecordType, .callManagerID, .callID, .dateTimeOrigination, .origIpAddr, .origCauseValue,
        .destIpAddr, .destCauseValue, .dateTimeConnect, .dateTimeDisconnect, .duration,
        .origCallTerminationOnBehalfOf, .destCallTerminationOnBehalfOf, .origCalledPartyRedirectOnBehalfOf,
        .lastRedirectRedirectOnBehalfOf, .origCalledPartyRedirectReason, .lastRedirectRedirectReason,
        .joinOnBehalfOf, .calledPartyPatternUsage,
    ]
    /// Values by field raw value (meaningful where the `present` bit is set).
    private var storage: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64,
                          Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64,
                          Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64,
                          Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64)
        = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    /// Bit n set: field with raw value n holds a value.
    private var present: UInt32 = 0

    /// The value of `field` (nil when empty or absent).
    subscript(field: Field) -> Int64? {
        get {
            guard present & (1 << UInt32(field.rawValue)) != 0 else { return nil }
            return withUnsafeBytes(of: storage) { $0.load(fromByteOffset: field.rawValue * 8, as: Int64.self) }
        }
        set {
            let bit: UInt32 = 1 << UInt32(field.rawValue)
            guard let value = newValue else { present &= ~bit; return }
            present |= bit
            withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: value, toByteOffset: field.rawValue * 8, as: Int64.self) }
        }
    }
}
