import PluginAPI

/// Direction, parties and flags of a row.
extension SwyxParser {
    /// Fills direction, numbers, devices and flags of `r` from the current row.
    ///
    /// A side is external when its device matches `trunk_patterns`; when the device column is
    /// empty, a calling number in canonical `+` form (origination) or a public access prefix or `+`
    /// number (destination) makes it external. Both sides external (an outside call sent out again)
    /// counts as outgoing, with the called extension as the local party.
    func classify(_ r: inout tb_record, _ data: UnsafePointer<UInt8>, _ linked: [TransferLinks.Key?], queued: Bool) {
        let calling = text(data, .originationNumber)
        let calledNumber = text(data, .calledNumber)
        var destination = text(data, .destinationNumber)
        if destination.len == 0 { destination = calledNumber }
        let origDevice = text(data, .originationDevice)
        let destDevice = text(data, .destinationDevice)
        let prefix = raw(data, .publicAccessPrefix)

        let origExternal = isTrunk(origDevice) || (origDevice.len == 0 && startsWithPlus(calling))
        let destExternal = isTrunk(destDevice)
            || (destDevice.len == 0 && (!prefix.isEmpty || startsWithPlus(destination)))

        r.calling = calling
        r.called = destination
        r.original_called = calledNumber
        r.connected = r.answer_us != Int64.min ? destination : StaticText.empty
        r.redirecting = text(data, .transferredByNumber)

        if destExternal {
            r.direction = tb_direction(TB_DIRECTION_OUTGOING)
            r.trunk = destDevice
            r.remote = destination
            if origExternal {
                r.extension = calledNumber
                r.remote_device = origDevice
            } else {
                r.extension = calling
                r.device = origDevice
            }
        } else if origExternal {
            r.direction = tb_direction(TB_DIRECTION_INCOMING)
            r.trunk = origDevice
            r.remote = calling
            r.extension = destination
            r.device = destDevice
        } else {
            r.direction = tb_direction(calling.len > 0 || origDevice.len > 0 ? TB_DIRECTION_INTERNAL : TB_DIRECTION_UNKNOWN)
            r.extension = calling
            r.remote = destination
            r.device = origDevice
            r.remote_device = destDevice
        }

        var flags: UInt32 = 0
        if queued {
            flags |= UInt32(TB_FLAG_HUNT_GROUP)
            r.hunt_group = calledNumber
        }
        if linked[0] != nil { flags |= UInt32(TB_FLAG_TRANSFER_SPLIT) }
        if linked[1] != nil || linked[2] != nil || r.redirecting.len > 0 { flags |= UInt32(TB_FLAG_TRANSFERRED) }
        if !queued && flags == 0 && calledNumber.len > 0 && destination.len > 0 && !same(calledNumber, destination) {
            flags |= UInt32(TB_FLAG_FORWARDED)
            r.redirecting = calledNumber
        }
        if isConference(destDevice) || isConference(text(data, .calledName)) || isConference(origDevice) {
            flags |= UInt32(TB_FLAG_CONFERENCE)
        }
        r.flags = flags
    }

    /// Whether a device name matches `trunk_patterns`.
    private func isTrunk(_ s: tb_str) -> Bool {
        options.trunks.anyMatches(bytes(s), s.len)
    }

    /// Whether a device or called name matches `conference_patterns`.
    private func isConference(_ s: tb_str) -> Bool {
        options.conferences.anyMatches(bytes(s), s.len)
    }

    /// The bytes of a string.
    private func bytes(_ s: tb_str) -> UnsafePointer<UInt8>? {
        s.ptr.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
    }

    /// Whether a number starts with `+`.
    private func startsWithPlus(_ s: tb_str) -> Bool {
        guard let p = bytes(s), s.len > 0 else { return false }
        return p[0] == UInt8(ascii: "+")
    }

    /// Whether two strings hold the same bytes.
    private func same(_ a: tb_str, _ b: tb_str) -> Bool {
        guard a.len == b.len else { return false }
        guard let pa = bytes(a), let pb = bytes(b) else { return a.len == 0 }
        for i in 0..<a.len where pa[i] != pb[i] { return false }
        return true
    }
}
