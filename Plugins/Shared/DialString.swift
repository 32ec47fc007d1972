/// What a number field may hold: the one definition shared by the bundled connectors, the host's
/// import check and the certification's `corpus.field_sanity` rule (each compiles this file
/// through a symbolic link, so the rule cannot drift apart).
///
/// A number field (calling, called, original called, connected, redirecting, extension, remote,
/// hunt group) is valid when it is
/// - empty (absent), or
/// - a **dial string**: only the bytes `0`–`9`, `+`, `*`, `#` and the masking characters `X`, `x`
///   and `?`, or
/// - a **URI**: it starts with `sip:`, `sips:`, `tel:` or `h323:` (any case) and goes on, or it
///   is `user@host`; either way without white space or control bytes.
///
/// Anything else — a spreadsheet's `9.12678E+11`, a name, letters other than `X`, punctuation,
/// spaces, control bytes — is a malformed number. Legs flagged conference, recording or
/// monitoring are exempt: their parties may be bridge or media-resource ids (CUCM's `b00105401001`).
enum DialString {
    /// The TB_FLAG_* bits (conference 1<<3, recording 1<<4, monitoring 1<<5) of legs whose number
    /// fields are not checked.
    static let exemptFlags: UInt32 = 1 << 3 | 1 << 4 | 1 << 5

    /// Whether `byte` belongs to the dial-string alphabet `0-9 + * # X x ?`.
    @inline(__always)
    static func isDialByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x2B, 0x2A, 0x23, 0x58, 0x78, 0x3F: return true  // 0-9 + * # X x ?
        default: return false
        }
    }

    /// Whether `bytes` is a valid number field (empty, a dial string or a URI).
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var allDial = true
        for byte in bytes where !isDialByte(byte) { allDial = false; break }
        if allDial { return true }
        // A URI never holds white space or control bytes.
        for byte in bytes where byte <= 0x20 || byte == 0x7F { return false }
        for scheme in schemes where hasPrefixIgnoringCase(bytes, scheme) && bytes.count > scheme.count {
            return true
        }
        // user@host: an at sign with something on both sides.
        guard let at = bytes.firstIndex(of: 0x40), at > 0, at < bytes.count - 1 else { return false }
        return true
    }

    /// Whether `count` bytes at `pointer` are a valid number field (a NULL pointer is empty).
    @inline(__always)
    static func isValid(_ pointer: UnsafePointer<UInt8>?, _ count: Int) -> Bool {
        guard let pointer, count > 0 else { return true }
        return isValid(UnsafeBufferPointer(start: pointer, count: count))
    }

    /// Whether the bytes of `bytes` are a valid number field.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isValid($0) }
    }

    /// The URI schemes a number field may start with (lower case, with the colon).
    private static let schemes: [[UInt8]] = [Array("sip:".utf8), Array("sips:".utf8), Array("tel:".utf8), Array("h323:".utf8)]

    /// Whether `bytes` starts with the lower-case ASCII `prefix`, ignoring the case of letters.
    private static func hasPrefixIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        for index in 0..<prefix.count {
            let byte = bytes[index]
            let lowered = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            if lowered != prefix[index] { return false }
        }
        return true
    }
}
