import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Resource limits for a worker process. The parent passes them in the environment; the worker
/// applies them to itself first thing (Foundation's `Process` has no pre-exec hook).
public struct WorkerLimits: Sendable, Equatable {
    /// The environment variable that carries the limits.
    public static let environmentKey = "TOLLBOOK_WORKER_LIMITS"

    /// Largest address space in bytes (`RLIMIT_AS`), or `nil` for no limit.
    public var addressSpaceBytes: UInt64?
    /// Whether the worker may write core dumps (`RLIMIT_CORE`); off by default.
    public var coreDumps = false

    /// Creates limits.
    public init(addressSpaceBytes: UInt64? = nil, coreDumps: Bool = false) {
        self.addressSpaceBytes = addressSpaceBytes
        self.coreDumps = coreDumps
    }

    /// The limits as `as=BYTES,core=0|1`.
    public var encoded: String {
        (addressSpaceBytes.map { "as=\($0)," } ?? "") + "core=\(coreDumps ? 1 : 0)"
    }

    /// Parses ``encoded``; unknown parts are ignored.
    public init(encoded: String) {
        for part in encoded.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "as" { addressSpaceBytes = UInt64(pair[1]) }
            if pair[0] == "core" { coreDumps = pair[1] == "1" }
        }
    }

    /// In a worker: applies the limits the parent put in the environment (does nothing when none).
    public static func applyInherited() {
        guard let text = ProcessInfo.processInfo.environment[environmentKey] else { return }
        let limits = WorkerLimits(encoded: text)
        if !limits.coreDumps {
            var none = rlimit(rlim_cur: 0, rlim_max: 0)
            _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
        }
        if let bytes = limits.addressSpaceBytes {
            var cap = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
            _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &cap)
        }
    }
}
