import TollbookCore

/// Why a parser worker process stopped serving: what ``IsolatedStreamParser`` isolates.
/// Descriptions name the signal or the limit, never input data.
public enum WorkerFailure: Error, CustomStringConvertible, Equatable, Sendable {
    /// A signal killed the worker (a crash: SIGSEGV, SIGBUS, SIGABRT …).
    case crashed(signal: Int32)
    /// The worker exited although it should have answered.
    case exited(status: Int32)
    /// The worker did not answer within the time limit and was killed.
    case timedOut(seconds: Double)
    /// The worker ran out of its memory limit (address space) and died of it.
    case memoryLimit(bytes: UInt64?)
    /// The worker's pipe carried garbage or a truncated frame, or broke.
    case protocolError(detail: String)
    /// The worker reported an error that is not a parsing error (e.g. it cannot load the plugin).
    case workerError(detail: String)

    /// The quarantine reason for input that caused this failure.
    public var rejectReason: RejectReason {
        switch self {
        case .timedOut: return .pluginTimeout
        case .memoryLimit: return .pluginMemory
        default: return .pluginCrashed
        }
    }

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .crashed(signal): return "worker killed by \(SignalName.name(signal))"
        case let .exited(status): return "worker exited with status \(status)"
        case let .timedOut(seconds): return "worker timed out after \(seconds) s and was killed"
        case let .memoryLimit(bytes):
            return "worker ran out of memory" + (bytes.map { " (limit \($0 >> 20) MiB)" } ?? "")
        case let .protocolError(detail): return "worker pipe broken: \(detail)"
        case let .workerError(detail): return "worker failed: \(detail)"
        }
    }
}
