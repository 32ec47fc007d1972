import Foundation

/// Lines a worker writes to standard error before each risky step ("progress: parsing mutant 3
/// of cdr.txt"), so that when it crashes or hangs the parent can say on which input.
public enum ProgressNote {
    /// The prefix that marks a progress line.
    public static let prefix = "progress: "

    /// Writes one progress line to standard error at once (unbuffered).
    static func write(_ text: String) {
        FileHandle.standardError.write(Data((prefix + text + "\n").utf8))
    }

    /// The last progress text in a worker's standard error, if any.
    public static func last(in stderr: String) -> String? {
        stderr.split(separator: "\n").last { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
}
