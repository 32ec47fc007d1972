import PluginAPI

/// The argument string of the HTTP GET / "External(POST)" CDR methods:
/// `?event=syslog&time=…&date=…&from=…&msg=<url-encoded text>`.
struct URLArguments {
    /// Decoded values by key, in order of appearance (later duplicates ignored).
    private(set) var values: [(key: [UInt8], value: [UInt8])] = []

    /// Parses `bytes` (one line, its line break already removed).
    init(_ bytes: ArraySlice<UInt8>) throws(RecordFailure) {
        var text = bytes
        if text.first == UInt8(ascii: "?") { text = text.dropFirst() }
        for pair in text.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: UInt8(ascii: "=")) else {
                throw RecordFailure(reason: TB_REJECT_MALFORMED, field: "", message: "argument without '='")
            }
            let key = try URLArguments.decode(pair[pair.startIndex..<equals])
            let value = try URLArguments.decode(pair[(equals + 1)...])
            if !values.contains(where: { $0.key == key }) { values.append((key, value)) }
        }
    }

    /// The value of `key`, or nil.
    func value(_ key: StaticString) -> [UInt8]? {
        key.withUTF8Buffer { k in values.first { $0.key.elementsEqual(k) }?.value }
    }

    /// Percent-decoding with '+' as space.
    static func decode(_ bytes: ArraySlice<UInt8>) throws(RecordFailure) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "+") {
                out.append(0x20); i += 1
            } else if c == UInt8(ascii: "%") {
                guard bytes.endIndex - i >= 3, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) else {
                    throw RecordFailure(reason: TB_REJECT_MALFORMED, field: "", message: "invalid percent escape")
                }
                out.append(high << 4 | low); i += 3
            } else {
                out.append(c); i += 1
            }
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}
