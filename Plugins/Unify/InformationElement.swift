import PluginAPI

/// The information element (call type) of a line: codes 1–9, plus 50 for DISA calls; code 0
/// (and 50) is the "on ringing" notice written when a call arrives, which is not a call.
struct InformationElement {
    /// The code without the DISA offset (0…9).
    let base: Int
    /// Whether the call came in or went out through DISA (code + 50).
    let disa: Bool

    /// Reads the trimmed field; nil when it is not one of the documented codes.
    init?(_ text: Bytes) {
        guard text.count >= 1, text.count <= 2, text.isDigits else { return nil }
        let code = text.number(0, text.count)
        switch code {
        case 0...9: base = code; disa = false
        case 50...59: base = code - 50; disa = true
        default: return nil
        }
    }

    /// Whether this is the "on ringing" notice (not a call).
    var isRingingNotice: Bool { base == 0 }

    /// Direction: 1, 3, 5, 7 came in; 2, 4, 6, 8, 9 went out.
    var direction: tb_direction {
        switch base {
        case 1, 3, 5, 7: return tb_direction(TB_DIRECTION_INCOMING)
        default: return tb_direction(TB_DIRECTION_OUTGOING)
        }
    }

    /// Flags: 5, 6, 9 forwarded; 7, 8 conference or transit by external transfer (marked
    /// conference); DISA marked callback.
    var flags: UInt32 {
        var flags: UInt32 = 0
        switch base {
        case 5, 6, 9: flags |= UInt32(TB_FLAG_FORWARDED)
        case 7, 8: flags |= UInt32(TB_FLAG_CONFERENCE)
        default: break
        }
        if disa { flags |= UInt32(TB_FLAG_CALLBACK) }
        return flags
    }

    /// Whether the call was a service other than voice / 3.1 kHz audio (codes 3 and 4).
    var isOtherService: Bool { base == 3 || base == 4 }

    /// Whether the extension forwarded the call to an external destination (code 9).
    var isForwardToExternal: Bool { base == 9 }
}
