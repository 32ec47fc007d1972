import FileTransports
import Foundation
import Logging

/// Polls a server for files (SFTP or FTP pickup) on a thread of its own: one round at start, then
/// one every interval. A round's files are durable in the journal before they are deleted on the
/// server or remembered.
///
/// `@unchecked Sendable`: `running`, `problem` and `thread` are used under `lock`; the polling thread
/// is the only caller of `poll`.
final class PickupTransport: CaptureTransport, @unchecked Sendable {
    private let instance: String
    private let transport: String
    let endpoint: String
    private let intervalSeconds: Int
    private let stateDirectory: String
    private let logger: Logger
    private let poll: () throws -> PickupResult
    private let lock = NSLock()
    private var running = false
    private var problem: String?
    private var thread: Thread?
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(instance: String, transport: String, endpoint: String, intervalSeconds: Int, stateDirectory: String, logger: Logger,
         poll: @escaping () throws -> PickupResult) {
        self.instance = instance
        self.transport = transport
        self.endpoint = endpoint
        self.intervalSeconds = intervalSeconds
        self.stateDirectory = stateDirectory
        self.logger = logger
        self.poll = poll
    }

    var lastError: String? { lock.withLock { problem } }

    func start() throws {
        do {
            try FileManager.default.createDirectory(atPath: stateDirectory + "/staging", withIntermediateDirectories: true)
        } catch {
            throw CaptureError.transportFailed(instance: instance, transport: transport, reason: "\(stateDirectory): cannot be created")
        }
        lock.withLock { running = true }
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                round()
                _ = wake.wait(timeout: .now() + .seconds(intervalSeconds))
            }
            finished.signal()
        }
        thread.name = "pickup-\(instance)"
        self.thread = thread
        thread.start()
    }

    func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            defer { running = false }
            return running
        }
        guard wasRunning else { return }
        wake.signal()
        finished.wait()
    }

    private func round() {
        do {
            let result = try poll()
            let failures = result.failed.map { "\($0.key): \($0.value)" }.sorted()
            lock.withLock { problem = failures.isEmpty ? nil : failures.joined(separator: "; ") }
            if !result.delivered.isEmpty || !failures.isEmpty || !result.refused.isEmpty {
                logger.info("pickup round", metadata: [
                    "instance": "\(instance)", "delivered": "\(result.delivered.count)", "refused": "\(result.refused.count)",
                    "waiting": "\(result.unstable.count)", "failed": "\(failures.count)",
                ])
            }
        } catch {
            lock.withLock { problem = "\(error)" }
            logger.error("pickup round failed", metadata: ["instance": "\(instance)", "error": "\(error)"])
        }
    }
}
