import Crypto
import Foundation
import Host

/// Runs the certification suite: each check in its own worker process with a timeout, then the
/// report.
public struct CertificationRunner {
    /// The suite's version, named in every report. Bumped when a check's criteria change.
    public static let suiteVersion = "1.0.0"

    /// The plugin, corpus and seed.
    public var context: CheckContext
    /// The checks to run, in order.
    public var checks: [CheckID]
    /// Seconds each check may take before its worker is killed.
    public var timeoutSeconds: Double
    /// The worker executable and the arguments that put it into worker mode; the runner appends
    /// `--plugin PATH --check ID --seed N [--corpus DIR]`.
    public var workerExecutable: URL
    /// See ``workerExecutable``.
    public var workerArguments: [String]
    /// Limits each worker applies to itself.
    public var limits = WorkerLimits(addressSpaceBytes: 8 << 30)

    /// Creates a runner.
    public init(context: CheckContext, checks: [CheckID], timeoutSeconds: Double, workerExecutable: URL, workerArguments: [String]) {
        self.context = context
        self.checks = checks
        self.timeoutSeconds = timeoutSeconds
        self.workerExecutable = workerExecutable
        self.workerArguments = workerArguments
    }

    /// Runs every check and builds the report; `progress` sees each result as it comes.
    /// - Throws: ``CertificationError`` when the plugin file cannot be read or a worker cannot start.
    public func run(progress: (CheckResult) -> Void = { _ in }) throws -> CertificationReport {
        guard let data = FileManager.default.contents(atPath: context.pluginPath) else {
            throw CertificationError.unreadablePlugin(path: context.pluginPath)
        }
        let sha256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        var identity: PluginIdentity?
        var results: [CheckResult] = []
        for check in checks {
            let (result, found) = try runWorker(check)
            if identity == nil || identity?.id.isEmpty == true, let found { identity = found }
            results.append(result)
            progress(result)
        }
        var plugin = identity ?? PluginIdentity(id: "", name: "", vendor: "", version: "", path: context.pluginPath, sha256: "")
        plugin.path = context.pluginPath
        plugin.sha256 = sha256
        return CertificationReport(plugin: plugin, suiteVersion: Self.suiteVersion, seed: context.seed, checks: results)
    }

    /// Runs one check in a worker and maps how the worker ended to a result.
    func runWorker(_ check: CheckID) throws -> (CheckResult, PluginIdentity?) {
        var arguments = workerArguments + ["--plugin", context.pluginPath, "--check", check.rawValue, "--seed", String(context.seed),
                                           "--timezone", context.timeZone]
        if let corpus = context.corpusDirectory { arguments += ["--corpus", corpus] }
        let worker = WorkerProcess(executable: workerExecutable, arguments: arguments, timeoutSeconds: timeoutSeconds, limits: limits)
        let outcome: WorkerProcess.Outcome
        do {
            outcome = try worker.run()
        } catch let error as WorkerLaunchError {
            throw CertificationError.workerLaunchFailed(reason: error.reason)
        }
        let stderr = String(decoding: outcome.stderr, as: UTF8.self)
        let during = ProgressNote.last(in: stderr).map { " while at: \($0)" } ?? ""
        func crashed(_ text: String) -> CheckResult {
            var result = CheckResult(id: check, status: .crashed, detail: text + during + replayHint(check), durationMs: outcome.durationMs)
            result.explain()
            return result
        }
        switch outcome.termination {
        case .timedOut(let seconds):
            return (crashed("timed out after \(Self.format(seconds)) s"), nil)
        case .signaled(let signal):
            return (crashed("killed by signal \(SignalName.name(signal))"), nil)
        case .exited(let status):
            let line = String(decoding: outcome.stdout, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            guard status == 0, let reply = try? JSONDecoder().decode(WorkerReply.self, from: Data(line.utf8)),
                  reply.result.id == check else {
                let last = stderr.split(separator: "\n").last { !$0.hasPrefix(ProgressNote.prefix) }.map { ": " + $0.prefix(200) } ?? ""
                return (crashed("the worker exited with status \(status) without a result\(last)"), nil)
            }
            var result = reply.result
            result.durationMs = outcome.durationMs
            if result.status == .failed { result.detail += replayHint(check) }
            result.explain()
            return (result, reply.plugin)
        }
    }

    /// The seed matters only for the checks that draw on it (not the load checks).
    private func replayHint(_ check: CheckID) -> String {
        check.rawValue.hasPrefix("load.") ? "" : " (replay with --seed \(context.seed))"
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
