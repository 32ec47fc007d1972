import TollbookConfiguration
import Foundation
import Logging

/// A spool folder: new files are picked up (inotify, with polling as the fallback and safety net),
/// appended to the journal once their size has been stable for ``SpoolSettings/stableMs``, and then
/// moved to the archive folder. Files whose names start with `_` (CUCM writes those) or `.` are
/// still being written and are left alone.
///
/// `@unchecked Sendable`: `running`, `problem` and `thread` are used under `lock`; the tables of files
/// seen and journaled are used by the spool's own thread only.
public final class SpoolTransport: CaptureTransport, @unchecked Sendable {
    private let instance: String
    private let settings: SpoolSettings
    private let journal: CaptureJournal
    private let logger: Logger
    private let lock = NSLock()
    private var running = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    private var problem: String?
    /// Sizes seen per file name, and since when (monotonic ms).
    private var seen: [String: (size: Int64, sinceMs: UInt64)] = [:]
    /// Files already journaled whose move to the archive failed: only the move is tried again
    /// (as long as size and modification time are unchanged), so a full or read-only archive
    /// folder does not journal the same file over and over.
    private var journaledNotArchived: [String: (size: Int64, modified: Int)] = [:]

    /// Creates the transport (``start()`` begins watching).
    public init(instance: String, settings: SpoolSettings, journal: CaptureJournal, logger: Logger) {
        self.instance = instance
        self.settings = settings
        self.journal = journal
        self.logger = logger
    }

    /// The watched folder.
    public var endpoint: String { settings.path }

    /// The last problem (a file that could not be read or moved), if any.
    public var lastError: String? { lock.withLock { problem } }

    /// Creates the folders if needed and starts the watching thread.
    public func start() throws {
        for folder in [settings.path, settings.archive] {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CaptureError.transportFailed(instance: instance, transport: "spool", reason: "\(folder): cannot be created")
            }
        }
        lock.withLock { running = true }
        let thread = Thread { [self] in
            watch()
            finished.signal()
        }
        thread.name = "spool-\(instance)"
        self.thread = thread
        thread.start()
    }

    /// Stops watching; a file being appended is finished first.
    public func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            defer { running = false }
            return running
        }
        if wasRunning, thread != nil { finished.wait() }
    }

    private var isRunning: Bool { lock.withLock { running } }

    private func watch() {
        let notify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if notify >= 0 {
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY)
            if inotify_add_watch(notify, settings.path, mask) < 0 {
                logger.warning("inotify unavailable for the spool folder; polling only", metadata: ["instance": "\(instance)"])
            }
        }
        defer { if notify >= 0 { close(notify) } }
        var nextScan: UInt64 = 0
        var drain = [UInt8](repeating: 0, count: 4096)
        while isRunning {
            let now = Self.monotonicMs()
            if now >= nextScan {
                let waiting = scan()
                // A file seen but not yet stable is looked at again once it could be.
                let delay = waiting ? min(settings.stableMs, settings.pollIntervalMs) : settings.pollIntervalMs
                nextScan = Self.monotonicMs() + UInt64(max(delay, 10))
            }
            var descriptor = pollfd(fd: notify, events: Int16(POLLIN), revents: 0)
            let timeout = Int32(min(250, max(1, Int64(nextScan) - Int64(Self.monotonicMs()))))
            if notify >= 0, poll(&descriptor, 1, timeout) > 0 {
                while read(notify, &drain, drain.count) > 0 {}
                nextScan = 0
            } else if notify < 0 {
                usleep(UInt32(timeout) * 1000)
            }
        }
    }

    /// Looks at the folder once: appends and archives every file that is complete.
    /// - Returns: whether a file is waiting for its size to settle.
    private func scan() -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: settings.path) else {
            record("the spool folder \(settings.path) cannot be read")
            return false
        }
        var waiting = false
        var present = Set<String>()
        let listed = Set(names)
        for name in names.sorted() where isCandidate(name) {
            let path = settings.path + "/" + name
            var info = stat()
            guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            present.insert(name)
            let size = Int64(info.st_size)
            let now = Self.monotonicMs()
            guard let earlier = seen[name], earlier.size == size else {
                seen[name] = (size, now)
                waiting = true
                continue
            }
            guard now - earlier.sinceMs >= UInt64(settings.stableMs) else {
                waiting = true
                continue
            }
            guard isRunning else { return false }
            if let pending = journaledNotArchived[name], pending == (size, info.st_mtim.tv_sec) {
                retryArchive(name: name, path: path)
            } else {
                deliver(name: name, path: path, modified: info.st_mtim.tv_sec)
            }
            present.remove(name)
        }
        seen = seen.filter { present.contains($0.key) }
        journaledNotArchived = journaledNotArchived.filter { listed.contains($0.key) }
        return waiting
    }

    private func isCandidate(_ name: String) -> Bool {
        !name.hasPrefix("_") && !name.hasPrefix(".") && fnmatch(settings.pattern, name, 0) == 0
    }

    private func deliver(name: String, path: String, modified: Int) {
        let stream: UInt64
        do {
            stream = try journal.receiveFile(at: path, origin: name)
        } catch {
            record("\(name): \(error)")
            return
        }
        seen[name] = nil
        logger.info("spool file journaled", metadata: ["instance": "\(instance)", "file": "\(name)", "stream": "\(stream)"])
        do {
            try archive(name: name, path: path)
        } catch {
            journaledNotArchived[name] = (seenSize(path), modified)
            record("\(error)")
        }
    }

    private func retryArchive(name: String, path: String) {
        do {
            try archive(name: name, path: path)
            journaledNotArchived[name] = nil
        } catch {
            record("\(error)")
        }
    }

    private func seenSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : -1
    }

    /// Moves a journaled file to the archive folder (a name already there gets a numbered suffix).
    private func archive(name: String, path: String) throws {
        var target = settings.archive + "/" + name
        var suffix = 1
        while FileManager.default.fileExists(atPath: target) {
            target = settings.archive + "/" + name + ".\(suffix)"
            suffix += 1
        }
        guard rename(path, target) == 0 else {
            throw CaptureError.transportFailed(instance: instance, transport: "spool",
                                               reason: "\(name) cannot be moved to the archive: \(String(cString: strerror(errno)))")
        }
    }

    private func record(_ message: String) {
        lock.withLock { problem = message }
        logger.error("spool problem", metadata: ["instance": "\(instance)", "error": "\(message)"])
    }

    static func monotonicMs() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds / 1_000_000
    }
}
