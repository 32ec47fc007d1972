import Foundation

/// Reads this process's resource usage from `/proc/self` (Linux).
enum ProcessProbe {
    /// Resident set size in KiB (`VmRSS`), or 0 when unknown.
    static var residentKB: Int { statusField("VmRSS:") }
    /// Peak resident set size in KiB (`VmHWM`), or 0 when unknown.
    static var peakResidentKB: Int { statusField("VmHWM:") }
    /// Number of open file descriptors (entries of `/proc/self/fd`).
    static var openFileDescriptors: Int { entries("/proc/self/fd") }
    /// Number of threads (entries of `/proc/self/task`).
    static var threads: Int { entries("/proc/self/task") }

    private static func statusField(_ name: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let digits = line.dropFirst(name.count).filter(\.isNumber)
            return Int(digits) ?? 0
        }
        return 0
    }

    private static func entries(_ directory: String) -> Int {
        // contentsOfDirectory opens the directory itself: subtract that descriptor for /proc/self/fd.
        let count = (try? FileManager.default.contentsOfDirectory(atPath: directory).count) ?? 0
        return directory.hasSuffix("/fd") ? max(0, count - 1) : count
    }
}
