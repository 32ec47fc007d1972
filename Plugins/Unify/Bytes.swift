import PluginAPI

/// A borrowed run of bytes of the current input (a line or a field), valid during one feed call.
struct Bytes {
    /// The first byte.
    let pointer: UnsafePointer<UInt8>
    /// Number of bytes.
    let count: Int

    /// Whether there are no bytes.
    var isEmpty: Bool { count == 0 }

    /// The byte at `index` (0 ≤ index < count).
    @inline(__always)
    subscript(index: Int) -> UInt8 { pointer[index] }

    /// The bytes `from..<from+length`, clamped to this run (empty beyond its end).
    func slice(_ from: Int, _ length: Int) -> Bytes {
        let start = min(max(0, from), count)
        let end = min(count, start + max(0, length))
        return Bytes(pointer: pointer + start, count: end - start)
    }

    /// The run without leading and trailing blanks and tabs.
    func trimmed() -> Bytes {
        var start = 0, end = count
        while start < end && Bytes.isBlank(pointer[start]) { start += 1 }
        while end > start && Bytes.isBlank(pointer[end - 1]) { end -= 1 }
        return Bytes(pointer: pointer + start, count: end - start)
    }

    /// Whether every byte is in `0`…`9`.
    var isDigits: Bool {
        for index in 0..<count where !Bytes.isDigit(pointer[index]) { return false }
        return true
    }

    /// Whether every byte belongs to the dial-string alphabet of number fields (`DialString`:
    /// `0-9 + * # X x ?`).
    var isDialString: Bool {
        for index in 0..<count where !DialString.isDialByte(pointer[index]) { return false }
        return true
    }

    /// Whether the run equals the ASCII text `text`.
    func equals(_ text: StaticString) -> Bool {
        guard text.utf8CodeUnitCount == count else { return false }
        let other = text.utf8Start
        for index in 0..<count where pointer[index] != other[index] { return false }
        return true
    }

    /// The value of the decimal digits at `from..<from+length` (the caller checked they are digits).
    func number(_ from: Int, _ length: Int) -> Int {
        var value = 0
        for index in from..<from + length { value = value * 10 + Int(pointer[index] &- 0x30) }
        return value
    }

    /// A zero-copy `tb_str` over the run.
    var str: tb_str { StaticText.slice(pointer, count) }

    /// Whether `byte` is `0`…`9`.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Whether `byte` is a blank or a tab.
    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
}
