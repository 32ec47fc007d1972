import PluginAPI

/// A CSV connector parser: what the shared line loop (`feed`) needs from it.
protocol CSVLineFeeding: AnyObject {
    /// The line splitter and its field table.
    var scanner: CSVLineScanner { get }
    /// Accounts for a line that is no record (blank line) with a skipped span.
    func skip(_ start: Int, _ end: Int, _ streamOffset: UInt64, _ message: StaticString) -> tb_status
    /// Turns one complete line into a record, a reject or a skipped span.
    func handleLine(_ data: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                    _ quoting: CSVLineScanner.Quoting, _ streamOffset: UInt64) -> tb_status
    /// Emits the pending batch of records.
    func flush() -> tb_status
}

extension CSVLineFeeding {
    /// Parses the complete lines of `data` (see `feed` in the ABI header).
    func feed(_ data: UnsafePointer<UInt8>, _ length: Int, streamOffset: UInt64, endOfInput: Bool,
              consumed: inout Int) -> tb_status {
        var position = 0
        while position < length {
            let lineStart = position
            var scanStart = position
            let first = data[position]
            // Blank lines (LF or CR LF).
            if first == 0x0A || first == 0x0D {
                var end = -1
                if first == 0x0A {
                    end = position + 1
                } else if position + 1 < length {
                    if data[position + 1] == 0x0A { end = position + 2 }
                } else if endOfInput {
                    end = length
                } else {
                    break
                }
                if end > 0 {
                    let status = skip(lineStart, end, streamOffset, "blank line")
                    if status != TB_OK { consumed = position; return status }
                    position = end
                    continue
                }
            }
            // A UTF-8 byte order mark at the very start of the source belongs to the first line.
            if streamOffset == 0 && position == 0 && first == 0xEF {
                if length < 3 && !endOfInput { break }
                if length >= 3 && data[1] == 0xBB && data[2] == 0xBF { scanStart = 3 }
            }
            switch scanner.scan(data, from: scanStart, to: length, atEndOfInput: endOfInput) {
            case .incomplete:
                consumed = position
                return flush()
            case .complete(let end, let quoting):
                let status = handleLine(data, lineStart, end, quoting, streamOffset)
                if status != TB_OK { consumed = position; return status }
                position = end
            }
        }
        consumed = position
        return flush()
    }
}
