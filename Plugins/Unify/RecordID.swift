/// The record id derived from a line's content (the PBX writes none).
///
/// Form: `YYMMDDhhmmss-<16 hex digits>`, the end date and time as written followed by the 64-bit
/// FNV-1a hash of the line's bytes (without form feeds around it and the line break). The same line
/// delivered twice (a TFTP file sent again, a TCP reconnect replaying the buffer) gets the same id,
/// so the host stores it once. Two different calls can only collide if their lines hash alike
/// *and* end in the same second.
enum RecordID {
    /// Length of an id in bytes.
    static let length = 12 + 1 + 16

    /// Writes the id of `line` (with date/time fields `date` and `time`, already validated as
    /// `DD.MM.YY` and `hh:mm:ss`) to `out`, which has room for `length` bytes.
    static func write(line: Bytes, date: Bytes, time: Bytes, into out: UnsafeMutablePointer<UInt8>) {
        var position = 0
        func pair(_ field: Bytes, _ start: Int) {
            out[position] = field[start]
            out[position + 1] = field[start + 1]
            position += 2
        }
        pair(date, 6)
        pair(date, 3)
        pair(date, 0)
        pair(time, 0)
        pair(time, 3)
        pair(time, 6)
        out[position] = UInt8(ascii: "-")
        position += 1
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in 0..<line.count {
            hash ^= UInt64(line[index])
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let digits: StaticString = "0123456789abcdef"
        for shift in stride(from: 60, through: 0, by: -4) {
            out[position] = digits.utf8Start[Int((hash >> UInt64(shift)) & 0xF)]
            position += 1
        }
    }
}
