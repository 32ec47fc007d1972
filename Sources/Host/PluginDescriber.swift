import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a plugin's descriptor in a worker process, so that no code of an untrusted plugin runs in
/// the host (its ELF constructors and its entry function run in the worker only).
///
/// The worker is `tollbook __describe-plugin --plugin PATH` (``WorkerSide/run(pluginPath:)``): it
/// loads the file with the host's checks and prints one JSON line with the descriptor's fields or
/// the reason the file was refused. A worker that crashes, hangs or prints garbage makes the file
/// refused, never the host fail.
public struct PluginDescriber: Sendable {
    /// The hidden subcommand that puts `tollbook` into describe mode.
    public static let subcommand = "__describe-plugin"

    /// The `tollbook` executable to start (`nil`: the running executable).
    public var executable: String?
    /// Seconds a worker may take.
    public var timeoutSeconds: Double
    /// The worker's address-space limit.
    public var memoryBytes: UInt64

    /// Creates a describer.
    public init(executable: String? = nil, timeoutSeconds: Double = 15, memoryBytes: UInt64 = 2 << 30) {
        self.executable = executable
        self.timeoutSeconds = timeoutSeconds
        self.memoryBytes = memoryBytes
    }

    /// The descriptor of the plugin at `path`, read in a worker.
    /// - Throws: ``PluginLoadError`` naming the file and why it is no usable plugin.
    public func describe(pluginAt path: String) throws -> PluginInfo {
        let program = executable ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
        let worker = WorkerProcess(executable: URL(fileURLWithPath: program), arguments: [Self.subcommand, "--plugin", path],
                                   timeoutSeconds: timeoutSeconds, limits: WorkerLimits(addressSpaceBytes: memoryBytes))
        let outcome: WorkerProcess.Outcome
        do {
            outcome = try worker.run()
        } catch {
            throw PluginLoadError.cannotLoad(path: path, reason: "the describe worker could not start (\(error))")
        }
        switch outcome.termination {
        case .timedOut(let seconds):
            throw PluginLoadError.cannotLoad(path: path, reason: "reading its descriptor took longer than \(Int(seconds)) s")
        case .signaled(let signal):
            throw PluginLoadError.cannotLoad(path: path, reason: "it crashed while its descriptor was read (signal \(SignalName.name(signal)))")
        case .exited:
            let line = String(decoding: outcome.stdout, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            guard let reply = try? JSONDecoder().decode(Reply.self, from: Data(line.utf8)) else {
                throw PluginLoadError.cannotLoad(path: path, reason: "the describe worker gave no answer")
            }
            if let info = reply.info { return info }
            throw reply.error?.loadError(path: path)
                ?? PluginLoadError.cannotLoad(path: path, reason: "the describe worker gave no answer")
        }
    }

    /// What the worker prints: the descriptor, or why the file was refused.
    struct Reply: Codable {
        var info: PluginInfo?
        var error: Failure?
    }

    /// A ``PluginLoadError`` on the wire.
    struct Failure: Codable {
        var kind: String
        var reason: String

        init(_ error: PluginLoadError) {
            switch error {
            case let .cannotLoad(_, reason): (kind, self.reason) = ("cannot_load", reason)
            case .notAPlugin: (kind, reason) = ("not_a_plugin", "")
            case .refusedByPlugin: (kind, reason) = ("refused_by_plugin", "")
            case let .incompatible(_, reason): (kind, self.reason) = ("incompatible", reason)
            }
        }

        func loadError(path: String) -> PluginLoadError {
            switch kind {
            case "not_a_plugin": return .notAPlugin(path: path)
            case "refused_by_plugin": return .refusedByPlugin(path: path)
            case "incompatible": return .incompatible(path: path, reason: reason)
            default: return .cannotLoad(path: path, reason: reason)
            }
        }
    }

    /// The worker's side.
    public enum WorkerSide {
        /// Loads the plugin at `pluginPath` in this (worker) process and writes the JSON answer to
        /// standard output. Standard output is kept private first: anything the plugin prints
        /// (from a constructor or its entry) goes to standard error, so it cannot forge the answer.
        /// - Returns: the exit status.
        public static func run(pluginPath: String) -> Int32 {
            WorkerLimits.applyInherited()
            // A close-on-exec copy in one step (F_DUPFD_CLOEXEC), not dup + fcntl.
            let answer = fcntl(1, F_DUPFD_CLOEXEC, 0)
            guard answer >= 0, dup2(2, 1) >= 0 else { return 70 }
            let reply: Reply
            do {
                reply = Reply(info: try PluginLibrary(path: pluginPath).info, error: nil)
            } catch let error as PluginLoadError {
                reply = Reply(info: nil, error: Failure(error))
            } catch {
                reply = Reply(info: nil, error: Failure(.cannotLoad(path: pluginPath, reason: "\(error)")))
            }
            var bytes = [UInt8]((try? JSONEncoder().encode(reply)) ?? Data())
            bytes.append(10)
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { write(answer, $0.baseAddress, $0.count) }
                if count < 0 { if errno == EINTR { continue }; return 71 }
                written += count
            }
            close(answer)
            return 0
        }
    }
}
