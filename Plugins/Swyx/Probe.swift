/// Recognises SwyxWare CDR files from their first bytes.
enum Probe {
    /// How sure the plugin is that `head` starts a file it reads (0…100): 90 when the first line is
    /// a SwyxWare header (text file or IpPbxCDR export), else 0. A head cut inside the header
    /// line is judged by the columns it has.
    static func score(_ head: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = head.baseAddress else { return 0 }
        var start = 0
        if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { start = 3 }
        while start < head.count && (head[start] == 0x0A || head[start] == 0x0D) { start += 1 }
        let scanner = CSVLineScanner()
        guard case .complete = scanner.scan(base, from: start, to: head.count, atEndOfInput: true),
              scanner.fieldCount > 0 else { return 0 }
        let fields = scanner.fields
        guard ColumnMap.opensHeader(base + fields[0].start, fields[0].count) else { return 0 }
        var names: [[UInt8]] = []
        for i in 0..<scanner.fieldCount {
            names.append(Array(UnsafeBufferPointer(start: base + fields[i].start, count: fields[i].count)))
        }
        if ColumnMap(names: names) != nil { return 90 }
        // A cut header: CallId plus at least one more SwyxWare column name.
        let known = Field.allCases.map(\.lowercasedName)
        let matches = names.dropFirst().filter { known.contains($0.map(ASCII.lower)) }.count
        return matches >= 1 ? 70 : 0
    }
}
