import Foundation

/// Where a connector instance runs its plugin's parser.
public enum ParserIsolation: Sendable, Equatable {
    /// In this process (trusted plugins): no isolation, a crash of the plugin ends the process.
    case inProcess
    /// In a worker process: crashes, hangs and memory exhaustion are isolated and the input that
    /// caused them is quarantined.
    case worker(WorkerSettings)
}

/// How parser workers are run.
public struct WorkerSettings: Sendable, Equatable {
    /// Seconds one request (one window) may take before the worker is killed.
    public var timeoutSeconds: Double
    /// The worker's address-space limit (`RLIMIT_AS`) in bytes, or `nil` for none.
    public var memoryBytes: UInt64?
    /// The `tollbook` executable to start in worker mode; `nil` for the running executable
    /// (`/proc/self/exe`).
    public var executable: String?

    /// Creates settings.
    public init(timeoutSeconds: Double = 60, memoryBytes: UInt64? = 4 << 30, executable: String? = nil) {
        self.timeoutSeconds = timeoutSeconds
        self.memoryBytes = memoryBytes
        self.executable = executable
    }

    /// The executable to start.
    var resolvedExecutable: String {
        executable ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
    }
}
