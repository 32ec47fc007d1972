/// Decoding of CUCM's integer IPv4 columns (`origIpAddr`, `destIpAddr`).
///
/// CUCM writes the address as a signed 32-bit integer whose least significant byte is the first
/// octet: -871692278 (0xCC0B080A) is 10.8.11.204.
enum IPv4Decoding {
    /// Longest dotted form: "255.255.255.255".
    static let maxLength = 15

    /// Writes the dotted form of `value` to `out` (at least `maxLength` bytes) and returns its
    /// length, or 0 when the value is 0 (no address) or outside the 32-bit range.
    static func format(_ value: Int64, into out: UnsafeMutablePointer<UInt8>) -> Int {
        guard value != 0, value >= Int64(Int32.min), value <= Int64(UInt32.max) else { return 0 }
        let bits = UInt32(truncatingIfNeeded: value)
        var length = 0
        for octetIndex in 0..<4 {
            if octetIndex > 0 { out[length] = UInt8(ascii: "."); length += 1 }
            let octet = UInt8(truncatingIfNeeded: bits >> (8 * UInt32(octetIndex)))
            if octet >= 100 { out[length] = UInt8(ascii: "0") + octet / 100; length += 1 }
            if octet >= 10 { out[length] = UInt8(ascii: "0") + (octet / 10) % 10; length += 1 }
            out[length] = UInt8(ascii: "0") + octet % 10
            length += 1
        }
        return length
    }
}
