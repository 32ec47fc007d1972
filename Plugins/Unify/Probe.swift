/// Recognises Unify call-charge output from its first bytes.
enum Probe {
    /// How sure the plugin is that `head` starts input it reads (0…100): 90 when the first call
    /// line is a `|` line with a valid date and time, 80 for a fixed-width one, 50 when only
    /// a `Datum|Uhrzeit|…` header was seen, else 0. Blank, header and separator lines before the
    /// first call line are passed over (at most 64 lines).
    static func score(_ head: UnsafeBufferPointer<UInt8>) -> Int32 {
        guard let base = head.baseAddress else { return 0 }
        var position = 0, lines = 0
        var sawPipeHeader = false
        while position < head.count && lines < 64 {
            var end = position
            while end < head.count && head[end] != 0x0A { end += 1 }
            var start = position, contentEnd = end
            while contentEnd > start && (head[contentEnd - 1] == 0x0D || head[contentEnd - 1] == 0x0C) { contentEnd -= 1 }
            while start < contentEnd && head[start] == 0x0C { start += 1 }
            let line = Bytes(pointer: base + start, count: contentEnd - start)
            position = end + 1
            lines += 1
            switch LineClassifier.classify(line) {
            case .blank, .separator: continue
            case .header:
                if line.count >= 14 && line.slice(0, 14).equals("Datum|Uhrzeit|") { sawPipeHeader = true }
                continue
            case .notACall: return 0
            case .call(let layout):
                let fields: CallFields
                do {
                    switch layout {
                    case .pipe: fields = try CallFields.pipe(line)
                    case .compressed: fields = try CallFields.fixed(line, layout, .compressed)
                    case .long: fields = try CallFields.fixed(line, layout, .long)
                    }
                } catch {
                    return 0
                }
                guard TimeFields.wallClockSeconds(date: fields.date, time: fields.time, yearPivot: 70) != nil,
                      InformationElement(fields.informationElement) != nil else { return 0 }
                return layout == .pipe ? 90 : 80
            }
        }
        return sawPipeHeader ? 50 : 0
    }
}
