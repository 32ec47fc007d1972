/// Finding phone numbers in free text (vendor fields, cause texts, messages): runs of digits,
/// possibly with a leading `+` and single separators (space, `-`, `/`, `.`, `(`, `)`) between them.
public enum NumberScrubbing {
    /// A digit run: where it is in the text's UTF-8 bytes and its digits.
    struct Run {
        var range: Range<Int>
        var digits: [UInt8]
    }

    static func runs(in bytes: [UInt8]) -> [Run] {
        var result: [Run] = []
        var index = 0
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        func isSeparator(_ byte: UInt8) -> Bool { [32, 45, 47, 46, 40, 41].contains(byte) }
        while index < bytes.count {
            let startsRun = isDigit(bytes[index]) || (bytes[index] == 43 && index + 1 < bytes.count && isDigit(bytes[index + 1]))
            guard startsRun else {
                index += 1
                continue
            }
            let start = index
            var digits: [UInt8] = []
            var end = index
            if bytes[index] == 43 { index += 1 }
            while index < bytes.count {
                if isDigit(bytes[index]) {
                    digits.append(bytes[index])
                    index += 1
                    end = index
                } else if isSeparator(bytes[index]), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                    index += 1
                } else {
                    break
                }
            }
            result.append(Run(range: start..<end, digits: digits))
            index = max(end, start + 1)
        }
        return result
    }

    /// `text` with every digit run that is (a form of) one of `numbers` removed. A run matches a
    /// number when their digits end alike over at least six digits (or over the whole shorter one,
    /// when it has at least four): `+493012345678`, `0030 12345678` and `12345678` all match
    /// `+493012345678`.
    public static func removing(_ numbers: [String], from text: String) -> String {
        let targets = numbers.map { Array($0.utf8.filter { $0 >= 48 && $0 <= 57 }) }.filter { $0.count >= 4 }
        guard !targets.isEmpty, !text.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var position = 0
        for run in runs(in: bytes) where targets.contains(where: { matches(run.digits, $0) }) {
            output.append(contentsOf: bytes[position..<run.range.lowerBound])
            position = run.range.upperBound
        }
        guard position > 0 else { return text }
        output.append(contentsOf: bytes[position...])
        return String(decoding: output, as: UTF8.self)
    }

    static func matches(_ run: [UInt8], _ target: [UInt8]) -> Bool {
        let needed = min(6, min(run.count, target.count))
        guard needed >= 4 else { return false }
        return run.suffix(needed).elementsEqual(target.suffix(needed))
    }

    /// `text` with every run of five or more digits replaced by `#` (for messages that may quote
    /// input: logs, errors, reject reasons never carry a phone number).
    public static func redactingDigitRuns(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var position = 0
        for run in runs(in: bytes) where run.digits.count >= 5 {
            output.append(contentsOf: bytes[position..<run.range.lowerBound])
            output.append(35)
            position = run.range.upperBound
        }
        guard position > 0 else { return text }
        output.append(contentsOf: bytes[position...])
        return String(decoding: output, as: UTF8.self)
    }
}

extension NumberScrubbing {
    /// `text` with every digit run that is (a form of) one of `numbers` (as in
    /// ``removing(_:from:)``) replaced by what `replacement` makes of the run.
    public static func replacing(_ numbers: [String], in text: String, with replacement: (String) -> String) -> String {
        let targets = numbers.map { Array($0.utf8.filter { $0 >= 48 && $0 <= 57 }) }.filter { $0.count >= 4 }
        guard !targets.isEmpty, !text.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var position = 0
        for run in runs(in: bytes) where targets.contains(where: { matches(run.digits, $0) }) {
            output.append(contentsOf: bytes[position..<run.range.lowerBound])
            output.append(contentsOf: replacement(String(decoding: bytes[run.range], as: UTF8.self)).utf8)
            position = run.range.upperBound
        }
        guard position > 0 else { return text }
        output.append(contentsOf: bytes[position...])
        return String(decoding: output, as: UTF8.self)
    }
}
