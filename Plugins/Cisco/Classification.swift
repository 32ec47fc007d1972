import PluginAPI

/// The values of one CDR row that decide how it is classified. Integers that are empty or whose
/// column is missing are 0; causes are nil when their column is missing or empty.
struct CallFacts {
    /// `callingPartyNumber`.
    var calling = StaticText.empty
    /// `originalCalledPartyNumber`.
    var originalCalled = StaticText.empty
    /// `finalCalledPartyNumber`.
    var finalCalled = StaticText.empty
    /// `lastRedirectDn`.
    var lastRedirectDn = StaticText.empty
    /// `huntPilotDN`.
    var huntPilot = StaticText.empty
    /// `dateTimeConnect` (0 = never connected).
    var connect: Int64 = 0
    /// `origCause_value`.
    var origCause: Int64?
    /// `destCause_value`.
    var destCause: Int64?
    /// `origCallTerminationOnBehalfOf`.
    var origTerminationOnBehalfOf: Int64 = 0
    /// `destCallTerminationOnBehalfOf`.
    var destTerminationOnBehalfOf: Int64 = 0
    /// `origCalledPartyRedirectOnBehalfOf`.
    var origRedirectOnBehalfOf: Int64 = 0
    /// `lastRedirectRedirectOnBehalfOf`.
    var lastRedirectOnBehalfOf: Int64 = 0
    /// `origCalledPartyRedirectReason`.
    var origRedirectReason: Int64 = 0
    /// `lastRedirectRedirectReason`.
    var lastRedirectReason: Int64 = 0
    /// `joinOnBehalfOf`.
    var joinOnBehalfOf: Int64 = 0
    /// `calledPartyPatternUsage`.
    var patternUsage: Int64 = 0
    /// Kind of `origDeviceName`.
    var origDevice = DeviceKind.none
    /// Kind of `destDeviceName`.
    var destDevice = DeviceKind.none
    /// Whether `destDeviceName` is a voicemail port.
    var destIsVoicemail = false
}

/// Direction, disposition and flags of a CDR row (CUCM semantics; see the format notes §1.7/§1.8).
enum Classification {
    /// OnBehalfOf / redirect codes used below.
    private static let transfer: Int64 = 10, conference: Int64 = 4, recording: Int64 = 27, monitoring: Int64 = 28
    /// OnBehalfOf codes of a forward and of the SIP features that split calls.
    private static let forward: Int64 = 5, refer: Int64 = 17, replaces: Int64 = 18
    /// "Call split": the cause CUCM writes on a leg a feature split off — a transfer, but also a
    /// SIP REFER or Replaces (e.g. a trunk or voicemail server re-routing a forwarded call).
    static let callSplitCause: Int64 = 393216

    /// The cause of the row: the destination side's if non-zero, else the origin side's.
    static func cause(_ facts: CallFacts) -> Int64? {
        if let dest = facts.destCause, dest != 0 { return dest }
        return facts.origCause ?? facts.destCause
    }

    /// Who started the call, seen from the organisation, by the kinds of the two devices.
    static func direction(_ facts: CallFacts) -> tb_direction {
        let orig = facts.origDevice, dest = facts.destDevice
        if orig == .trunk {
            if dest == .trunk { return tb_direction(TB_DIRECTION_OUTGOING) }
            // From outside to a device of ours, or to nobody (abandoned before any device rang).
            return tb_direction(TB_DIRECTION_INCOMING)
        }
        if orig.isInternal {
            if dest == .trunk { return tb_direction(TB_DIRECTION_OUTGOING) }
            if dest.isInternal { return tb_direction(TB_DIRECTION_INTERNAL) }
        }
        return tb_direction(TB_DIRECTION_UNKNOWN)
    }

    /// How the leg ended: answered when connected, else by cause.
    static func disposition(connect: Int64, cause: Int64?) -> tb_disposition {
        if connect > 0 { return tb_disposition(TB_DISPOSITION_ANSWERED) }
        switch cause ?? 0 {
        case 17: return tb_disposition(TB_DISPOSITION_BUSY)
        case 21: return tb_disposition(TB_DISPOSITION_REJECTED)
        case 1, 2, 3, 22, 27, 28, 34, 38, 41, 42, 44, 47, 58, 63, 65, 79, 88, 102, 111, 127:
            return tb_disposition(TB_DISPOSITION_FAILED)
        default:
            return tb_disposition(TB_DISPOSITION_NO_ANSWER)
        }
    }

    /// The TB_FLAG_* bits of the row.
    static func flags(_ f: CallFacts) -> UInt32 {
        var flags: UInt32 = 0
        let isRecording = anyOnBehalfOf(f, recording) || anyRedirectReason(f, 354)
        let isMonitoring = anyOnBehalfOf(f, monitoring) || anyRedirectReason(f, 370)
        if isRecording { flags |= UInt32(TB_FLAG_RECORDING) }
        if isMonitoring { flags |= UInt32(TB_FLAG_MONITORING) }

        if f.joinOnBehalfOf == transfer || f.lastRedirectOnBehalfOf == transfer
            || f.lastRedirectReason == 4 || f.lastRedirectReason == 34 {
            flags |= UInt32(TB_FLAG_TRANSFERRED)
        }
        let forwarded = !isRecording && !isMonitoring && isForwarded(f)
        if isTransferSplit(f, forwarded: forwarded) {
            flags |= UInt32(TB_FLAG_TRANSFER_SPLIT)
        }
        if forwarded {
            flags |= UInt32(TB_FLAG_FORWARDED)
        }
        if f.joinOnBehalfOf == conference || f.origRedirectOnBehalfOf == conference
            || f.lastRedirectOnBehalfOf == conference
            || (!isRecording && !isMonitoring && (hasBridgePrefix(f.finalCalled) || hasBridgePrefix(f.calling))) {
            flags |= UInt32(TB_FLAG_CONFERENCE)
        }
        if f.huntPilot.len > 0 || f.patternUsage == 7 { flags |= UInt32(TB_FLAG_HUNT_GROUP) }
        if f.destIsVoicemail { flags |= UInt32(TB_FLAG_VOICEMAIL) }
        return flags
    }

    /// Whether a transfer ended the leg. A termination on behalf of Transfer (10) always is one.
    /// The call-split cause 393216 only says that *a feature* split the leg: it counts as a
    /// transfer when the split was on behalf of a transfer, or of a SIP REFER / Replaces (17 / 18,
    /// how SIP phones transfer) or an unnamed feature, on a leg that was not forwarded. A forward
    /// (redirect reason 1/2/10/15/18/50, OnBehalfOf 5 or 14, joinOnBehalfOf 5) split by a REFER
    /// stays a forward; a conference or other feature's split is no transfer.
    private static func isTransferSplit(_ f: CallFacts, forwarded: Bool) -> Bool {
        if f.origTerminationOnBehalfOf == transfer || f.destTerminationOnBehalfOf == transfer { return true }
        guard f.origCause == callSplitCause || f.destCause == callSplitCause else { return false }
        if forwarded || f.joinOnBehalfOf == forward { return false }
        return isTransferLikeSplitter(f.origTerminationOnBehalfOf) && isTransferLikeSplitter(f.destTerminationOnBehalfOf)
    }

    /// A termination OnBehalfOf compatible with a transfer split: none (0), Device (12: a phone
    /// hung up, not the feature that split), Refer (17) or Replaces (18).
    @inline(__always)
    private static func isTransferLikeSplitter(_ code: Int64) -> Bool {
        code == 0 || code == 12 || code == refer || code == replaces
    }

    /// Whether any of the five OnBehalfOf columns holds `code`.
    @inline(__always)
    private static func anyOnBehalfOf(_ f: CallFacts, _ code: Int64) -> Bool {
        f.origTerminationOnBehalfOf == code || f.destTerminationOnBehalfOf == code
            || f.origRedirectOnBehalfOf == code || f.lastRedirectOnBehalfOf == code || f.joinOnBehalfOf == code
    }

    /// Whether either redirect reason column holds `code`.
    @inline(__always)
    private static func anyRedirectReason(_ f: CallFacts, _ code: Int64) -> Bool {
        f.origRedirectReason == code || f.lastRedirectReason == code
    }

    /// A forward (busy, no answer, all, deflection, immediate divert) changed the called number.
    /// A call from a trunk straight out to a trunk counts as forwarded whenever it was redirected.
    private static func isForwarded(_ f: CallFacts) -> Bool {
        let redirected = f.lastRedirectDn.len > 0 && !same(f.originalCalled, f.finalCalled)
        if !redirected { return false }
        if f.origDevice == .trunk && f.destDevice == .trunk { return true }
        return isForwardReason(f.origRedirectReason) || isForwardReason(f.lastRedirectReason)
            || f.origRedirectOnBehalfOf == 5 || f.origRedirectOnBehalfOf == 14
            || f.lastRedirectOnBehalfOf == 5 || f.lastRedirectOnBehalfOf == 14
    }

    /// Redirect reasons of forwards: 1 CFB, 2 CFNA, 10 CF, 15 CFA, 18 deflection, 50 immediate divert.
    private static func isForwardReason(_ reason: Int64) -> Bool {
        reason == 1 || reason == 2 || reason == 10 || reason == 15 || reason == 18 || reason == 50
    }

    /// Whether the number is a built-in-bridge / conference bridge id (`b00…`).
    private static func hasBridgePrefix(_ s: tb_str) -> Bool {
        guard s.len >= 3, let p = s.ptr else { return false }
        return (p[0] == 0x62 || p[0] == 0x42) && p[1] == 0x30 && p[2] == 0x30
    }

    /// Byte equality of two strings.
    static func same(_ a: tb_str, _ b: tb_str) -> Bool {
        if a.len != b.len { return false }
        if a.len == 0 { return true }
        guard let x = a.ptr, let y = b.ptr else { return false }
        for i in 0..<a.len where x[i] != y[i] { return false }
        return true
    }
}
