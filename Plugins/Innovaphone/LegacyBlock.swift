import PluginAPI

/// One block of the deprecated gateway-level CDR format: `event <name>`, then `key value` lines,
/// then `end`. Each block is one signalling event of a call (`ref` = call GUID).
struct LegacyBlock {
    /// The event name, e.g. `B:Rel`.
    let event: [UInt8]
    /// Key/value pairs in order.
    let pairs: [(key: [UInt8], value: [UInt8])]

    /// Parses the block text (the whole span, up to and including the `end` line).
    init(_ bytes: ArraySlice<UInt8>) throws(RecordFailure) {
        var event: [UInt8]?
        var pairs: [(key: [UInt8], value: [UInt8])] = []
        for rawLine in bytes.split(separator: UInt8(ascii: "\n")) {
            var line = rawLine
            while let c = line.first, Framing.isSpace(c) { line = line.dropFirst() }
            while let c = line.last, Framing.isSpace(c) { line = line.dropLast() }
            if line.isEmpty { continue }
            if line.elementsEqual(Array("end".utf8)) { break }
            let space = line.firstIndex(of: UInt8(ascii: " "))
            let key = Array(line[line.startIndex..<(space ?? line.endIndex)])
            var value = space.map { line[($0 + 1)...] } ?? []
            while let c = value.first, Framing.isSpace(c) { value = value.dropFirst() }
            for c in key where c < 0x21 || c > 0x7E {
                throw RecordFailure(reason: TB_REJECT_MALFORMED, field: "", message: "gateway CDR key is not printable ASCII")
            }
            if event == nil {
                guard CdrEvents.equal(key, "event"), !value.isEmpty else {
                    throw RecordFailure(reason: TB_REJECT_MALFORMED, field: "event", message: "gateway CDR block does not start with event")
                }
                event = Array(value)
            } else {
                pairs.append((key, Array(value)))
            }
        }
        guard let event else {
            throw RecordFailure(reason: TB_REJECT_MALFORMED, field: "event", message: "gateway CDR block does not start with event")
        }
        self.event = event
        self.pairs = pairs
    }

    /// The value of `key`, or nil.
    func value(_ key: StaticString) -> [UInt8]? {
        key.withUTF8Buffer { k in pairs.first { $0.key.elementsEqual(k) }?.value }
    }

    /// The integer value of `key`: nil when absent, a failure when not an integer.
    func integer(_ key: StaticString) throws(RecordFailure) -> Int64? {
        guard let text = value(key) else { return nil }
        guard let v = Numbers.integer(text), v >= 0, v < 1 << 36 else {
            throw RecordFailure(reason: TB_REJECT_OUT_OF_RANGE, field: key, message: "not a non-negative integer")
        }
        return v
    }

    /// The Q.850 cause value of a `cause` like `02_80_90` (a Q.931 cause IE in hex: the last
    /// octet without its extension bit), nil when absent; a failure when not hex octets.
    func cause() throws(RecordFailure) -> Int64? {
        guard let text = value("cause") else { return nil }
        var last: UInt8?
        for part in text.split(separator: UInt8(ascii: "_")) {
            guard part.count == 2, let high = LegacyBlock.hex(part[part.startIndex]), let low = LegacyBlock.hex(part[part.startIndex + 1]) else {
                throw RecordFailure(reason: TB_REJECT_OUT_OF_RANGE, field: "cause", message: "cause is not hex octets")
            }
            last = high << 4 | low
        }
        guard let last else {
            throw RecordFailure(reason: TB_REJECT_OUT_OF_RANGE, field: "cause", message: "cause is not hex octets")
        }
        return Int64(last & 0x7F)
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
