/// Client-supplied text (file names, peer messages, plugin messages) as it may appear in a log
/// line: control characters are escaped so that a name with a newline cannot forge a line, and
/// the text is cut to a bounded length so that a 30 KB name does not flood the log.
public enum LogText {
    /// The longest text, in characters, that reaches a log line before it is cut.
    public static let maximumCharacters = 200

    /// `text` with control characters (C0, DEL, C1, line and paragraph separators) written as
    /// `\n`, `\r`, `\t` or `\u{…}`, and cut after ``maximumCharacters`` characters with a note of
    /// how many were left out.
    public static func clean(_ text: String, limit: Int = LogText.maximumCharacters) -> String {
        var result = ""
        var count = 0
        var omitted = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                omitted += 1
                continue
            }
            count += 1
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\\": result += "\\\\"
            default:
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 {
                    result += "\\u{" + String(value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        if omitted > 0 { result += "… (\(omitted) more characters)" }
        return result
    }
}
