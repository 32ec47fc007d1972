import Foundation

/// Survives plugins that crash the service in process (`isolation: in_process`).
///
/// Before the ingester hands a stream's bytes to an in-process plugin it records which stream it
/// is parsing in `in-process-parse.state` (in the instance's journal folder); afterwards it
/// records that it is idle. The file is written with `pwrite` and never synced: a plugin crash
/// kills the process, not the kernel, so the page cache keeps the last write. When the service
/// starts again and finds a stream marked as being parsed, the plugin crashed on it: that stream
/// is parsed in a worker process from then on (the crashing record is quarantined as
/// `plugin_crashed`), and the crash is counted. After ``crashLimit`` crashes in a row (no stream
/// parsed to its end in process in between) the instance is disabled with a clear status, while
/// every other instance runs on.
final class InProcessCrashGuard {
    /// The state file's name in the journal folder.
    static let fileName = "in-process-parse.state"
    /// Streams kept in the state file as "parse in a worker".
    static let maximumIsolatedStreams = 32

    /// Crashes in a row after which the instance is disabled.
    let crashLimit: Int
    /// The state file.
    let path: String
    private let descriptor: Int32
    /// Crashes in a row so far (the one just found included).
    private(set) var crashes: Int
    /// Streams to parse in a worker because the plugin crashed on them in process.
    private(set) var isolated: [UInt64]
    /// The stream that was being parsed when the last run ended, if it crashed.
    let crashedStream: UInt64?

    /// Opens (or creates) the state file and reads what the last run left.
    /// - Throws: ``CaptureError/instanceFailed(instance:reason:)`` when the file cannot be opened.
    init(directory: String, instance: String, crashLimit: Int) throws {
        self.crashLimit = crashLimit
        path = directory + "/" + Self.fileName
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CaptureError.instanceFailed(instance: instance, reason: "\(path): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        let state = Self.read(descriptor)
        crashes = state.crashes
        isolated = state.isolated
        crashedStream = state.parsing
        if let parsing = state.parsing {
            crashes += 1
            if !isolated.contains(parsing) { isolated.append(parsing) }
            if isolated.count > Self.maximumIsolatedStreams { isolated.removeFirst(isolated.count - Self.maximumIsolatedStreams) }
        }
        write(parsing: nil)
    }

    deinit { close(descriptor) }

    /// Whether the plugin crashed the service ``crashLimit`` times in a row.
    var limitReached: Bool { crashes >= crashLimit }

    /// Whether `stream` must be parsed in a worker.
    func mustIsolate(_ stream: UInt64) -> Bool { isolated.contains(stream) }

    /// Records that `stream` is about to be parsed (in process unless `isolated`).
    func willParse(stream: UInt64, isolated streamIsIsolated: Bool) {
        guard !streamIsIsolated else { return }
        write(parsing: stream)
    }

    /// Records that the plugin returned.
    func didParse() {
        write(parsing: nil)
    }

    /// A stream was parsed to its end in process: the crashes are no longer "in a row".
    func streamCompleted(_ stream: UInt64, isolated streamIsIsolated: Bool) {
        if streamIsIsolated, let index = isolated.firstIndex(of: stream) { isolated.remove(at: index) }
        if !streamIsIsolated { crashes = 0 }
        write(parsing: nil)
    }

    /// Forgets the crash count (the instance is being disabled; enabling it tries again).
    func resetCrashes() {
        crashes = 0
        write(parsing: nil)
    }

    private var lastWritten: String = ""

    private func write(parsing: UInt64?) {
        let text = "crashes=\(crashes) isolated=\(isolated.map(String.init).joined(separator: ",")) parsing=\(parsing.map(String.init) ?? "-")\n"
        guard text != lastWritten else { return }
        var bytes = Array(text.utf8)
        // A fixed size, so that a shorter state never leaves the tail of a longer one.
        if bytes.count < Self.recordBytes { bytes += [UInt8](repeating: 0x20, count: Self.recordBytes - bytes.count) }
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        lastWritten = text
    }

    private static let recordBytes = 1024

    private static func read(_ descriptor: Int32) -> (crashes: Int, isolated: [UInt64], parsing: UInt64?) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return (0, [], nil) }
        let text = String(decoding: buffer[0..<count], as: UTF8.self)
        var crashes = 0, isolated: [UInt64] = [], parsing: UInt64?
        for field in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let parts = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "crashes": crashes = Int(parts[1]) ?? 0
            case "isolated": isolated = parts[1].split(separator: ",").compactMap { UInt64($0) }
            case "parsing": parsing = UInt64(parts[1])
            default: break
            }
        }
        return (crashes, isolated, parsing)
    }
}
