/// The compact binary form of a ``RollupRow``'s figures (the store keeps the quarter and entity in
/// columns of their own): a version byte, then zig-zag LEB128 integers in a fixed order, lists
/// prefixed by their length.
extension RollupRow {
    /// The format version written first.
    static let codecVersion: UInt8 = 1

    /// The figures as bytes (quarter and entity not included).
    public func encodedFigures() -> [UInt8] {
        var out: [UInt8] = [Self.codecVersion]
        out.reserveCapacity(64)
        func put(_ value: Int64) {
            var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
            while v >= 0x80 {
                out.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        func put(_ value: Int) { put(Int64(value)) }
        for value in [offered, answered, abandoned, shortAbandoned, lostBusy, overflowed] { put(value) }
        put(answeredWaitMs)
        put(answeredCallerWaitMs)
        for histogram in [answeredWaitHistogram, abandonedWaitHistogram] {
            put(histogram.count)
            for (bin, count) in histogram.sorted(by: { $0.key < $1.key }) {
                put(bin)
                put(count)
            }
        }
        put(ringMs)
        put(ringLegs)
        put(talkMs)
        for value in [seizures, seizuresAnswered, seizuresEffective] { put(value) }
        put(carriedMs)
        put(levelAtStart)
        put(peakConcurrency)
        put(missedCallbackable)
        put(missedResolved)
        for list in [unresolvedLimitsMs, callbackMs] {
            put(list.count)
            for value in list { put(value) }
        }
        put(repeated)
        put(callers.count)
        for caller in callers {
            put(caller.key)
            put(caller.lastStartMs)
            put(caller.resolved ? 1 : 0)
            put(caller.limitMs)
        }
        return out
    }

    /// Reads figures written by ``encodedFigures()`` into a row of `quarterMs` and `entity`.
    /// - Throws: ``RollupCodecError`` for bytes of another version or cut short.
    public init(quarterMs: Int64, entity: KPIEntity, figures bytes: [UInt8]) throws(RollupCodecError) {
        self.init(quarterMs: quarterMs, entity: entity)
        guard bytes.first == Self.codecVersion else { throw .unknownVersion(bytes.first) }
        var index = 1
        func next() throws(RollupCodecError) -> Int64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard index < bytes.count, shift < 64 else { throw .truncated }
                let byte = bytes[index]
                index += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            return Int64(bitPattern: result >> 1) ^ -Int64(bitPattern: result & 1)
        }
        func int() throws(RollupCodecError) -> Int { Int(try next()) }
        func count() throws(RollupCodecError) -> Int {
            let n = try int()
            guard n >= 0, n <= bytes.count else { throw .truncated }
            return n
        }
        offered = try int()
        answered = try int()
        abandoned = try int()
        shortAbandoned = try int()
        lostBusy = try int()
        overflowed = try int()
        answeredWaitMs = try next()
        answeredCallerWaitMs = try next()
        for which in 0..<2 {
            var histogram: [Int: Int] = [:]
            for _ in 0..<(try count()) {
                let bin = try int()
                histogram[bin] = try int()
            }
            if which == 0 { answeredWaitHistogram = histogram } else { abandonedWaitHistogram = histogram }
        }
        ringMs = try next()
        ringLegs = try int()
        talkMs = try next()
        seizures = try int()
        seizuresAnswered = try int()
        seizuresEffective = try int()
        carriedMs = try next()
        levelAtStart = try int()
        peakConcurrency = try int()
        missedCallbackable = try int()
        missedResolved = try int()
        for which in 0..<2 {
            var list: [Int64] = []
            for _ in 0..<(try count()) { list.append(try next()) }
            if which == 0 { unresolvedLimitsMs = list } else { callbackMs = list }
        }
        repeated = try int()
        for _ in 0..<(try count()) {
            let key = try next()
            let start = try next()
            let resolved = try next() != 0
            callers.append(RollupCaller(key: key, lastStartMs: start, resolved: resolved, limitMs: try next()))
        }
        guard index == bytes.count else { throw .trailingBytes }
    }
}

/// Why stored roll-up figures could not be read.
public enum RollupCodecError: Error, Equatable, CustomStringConvertible {
    /// The first byte names no format this build reads.
    case unknownVersion(UInt8?)
    /// The bytes end inside a value.
    case truncated
    /// Bytes follow the last field.
    case trailingBytes

    /// The message.
    public var description: String {
        switch self {
        case let .unknownVersion(byte): return "roll-up figures of unknown format \(byte.map(String.init) ?? "(empty)"): run tollbook rollups rebuild"
        case .truncated: return "roll-up figures are cut short: run tollbook rollups rebuild"
        case .trailingBytes: return "roll-up figures have trailing bytes: run tollbook rollups rebuild"
        }
    }
}
