import Foundation

/// A one-line progress bar on standard error, shown only on a terminal and only for files large
/// enough to take a moment.
final class ProgressBar {
    private let label: String
    private let enabled = isatty(2) != 0
    private var shown = false
    private var lastPercent = -1
    private let started = Date()

    /// Files smaller than this get no bar.
    static let minimumBytes: Int64 = 8 << 20

    init(label: String) {
        self.label = label
    }

    func update(done: Int64, total: Int64) {
        guard enabled, total >= Self.minimumBytes else { return }
        let percent = Int(done * 100 / max(total, 1))
        guard percent != lastPercent else { return }
        lastPercent = percent
        let width = 30
        let filled = width * percent / 100
        let seconds = max(Date().timeIntervalSince(started), 0.001)
        let rate = Double(done) / seconds / 1_048_576
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% \(String(format: "%.1f", rate)) MiB/s".utf8))
        shown = true
    }

    func clear() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}
