/// Recognises CUCM CDR/CMR files from their first bytes.
enum Probe {
    /// How sure the plugin is that `head` starts a file it reads (0…100).
    static func score(_ head: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = head.baseAddress else { return 0 }
        var start = 0
        if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { start = 3 }
        // Skip leading blank lines.
        while start < head.count && (head[start] == 0x0A || head[start] == 0x0D) { start += 1 }
        let scanner = CSVLineScanner()
        guard case .complete = scanner.scan(base, from: start, to: head.count, atEndOfInput: true),
              scanner.fieldCount > 0 else { return 0 }
        let fields = scanner.fields
        let first = fields[0]
        if ASCII.equalsIgnoringCase(base + first.start, first.count, Array("cdrrecordtype".utf8)) { return 90 }
        if scanner.fieldCount >= 2 {
            var hasType = false, hasPkid = false
            for i in 0..<scanner.fieldCount {
                let f = fields[i]
                if ASCII.equalsIgnoringCase(base + f.start, f.count, Array("cdrrecordtype".utf8)) { hasType = true }
                if ASCII.equalsIgnoringCase(base + f.start, f.count, Array("pkid".utf8)) { hasPkid = true }
            }
            if hasType && hasPkid { return 85 }
        }
        if first.count == 1 && base[first.start] == UInt8(ascii: "1") && scanner.fieldCount >= 100 { return 60 }
        return 0
    }
}
