import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process run as a sandboxed worker: a timeout (SIGKILL on expiry), resource limits the
/// child applies to itself at start (``WorkerLimits/applyInherited()``), and the way it ended
/// (exit status, signal or timeout) with its output, for one-shot workers such as the
/// certification suite's checks. (Long-lived parser workers: ``WorkerParserSession``.)
public struct WorkerProcess: Sendable {
    /// How a worker ended.
    public enum Termination: Sendable, Equatable {
        /// It exited with this status.
        case exited(Int32)
        /// A signal killed it (not the timeout).
        case signaled(Int32)
        /// It ran past the timeout and was killed.
        case timedOut(seconds: Double)
    }

    /// A finished worker.
    public struct Outcome: Sendable {
        /// How it ended.
        public var termination: Termination
        /// Its standard output.
        public var stdout: Data
        /// Its standard error.
        public var stderr: Data
        /// Wall-clock milliseconds from start to end.
        public var durationMs: Int
    }

    /// The executable.
    public var executable: URL
    /// Its arguments.
    public var arguments: [String]
    /// Seconds before the worker is killed.
    public var timeoutSeconds: Double
    /// Limits the worker applies to itself.
    public var limits: WorkerLimits

    /// Creates a worker description.
    public init(executable: URL, arguments: [String], timeoutSeconds: Double, limits: WorkerLimits = WorkerLimits()) {
        self.executable = executable
        self.arguments = arguments
        self.timeoutSeconds = timeoutSeconds
        self.limits = limits
    }

    /// Starts the worker, waits for it (at most the timeout) and returns how it ended.
    /// - Throws: ``WorkerLaunchError``.
    public func run() throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment[WorkerLimits.environmentKey] = limits.encoded
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        let start = DispatchTime.now()
        do {
            try process.run()
        } catch {
            throw WorkerLaunchError(executable: executable.path, reason: "\(error)")
        }
        let stdout = PipeReader(out.fileHandleForReading)
        let stderr = PipeReader(err.fileHandleForReading)
        var timedOut = false
        if ended.wait(timeout: start + timeoutSeconds) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            ended.wait()
        }
        let durationMs = Int((DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000)
        let termination: Termination
        if timedOut {
            termination = .timedOut(seconds: timeoutSeconds)
        } else if process.terminationReason == .uncaughtSignal {
            termination = .signaled(process.terminationStatus)
        } else {
            termination = .exited(process.terminationStatus)
        }
        return Outcome(termination: termination, stdout: stdout.finish(), stderr: stderr.finish(), durationMs: durationMs)
    }
}

/// Reads a pipe to its end on a background thread, so a chatty child never blocks on a full pipe.
final class PipeReader: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let data = Mutex(Data())

    init(_ handle: FileHandle) {
        DispatchQueue.global().async { [self] in
            let read = handle.readDataToEndOfFile()
            data.withLock { $0 = read }
            done.signal()
        }
    }

    /// Waits for the end of the pipe and returns everything read.
    func finish() -> Data {
        done.wait()
        return data.withLock { $0 }
    }
}
