import Foundation
import Host

/// The `resources.*` checks, measured inside the worker from `/proc/self`.
enum ResourceChecks {
    /// Allowed growth of resident memory between the warmed-up state and the end of the runs.
    static let memoryGrowthLimitKB = 8 << 10
    /// Throughput below this many bytes per second is a warning.
    static let throughputFloorBytesPerSecond = 1 << 20

    /// The workload: the corpus files, or 256 KiB of seeded synthetic text without a corpus.
    static func workload(_ corpus: Corpus, _ generator: SplitMix64) -> [Corpus.File] {
        if !corpus.isEmpty { return corpus.files }
        var generator = generator
        return [Corpus.File(name: "synthetic text", bytes: SyntheticInput.lines(&generator, bytes: 256 << 10))]
    }

    /// One round: every workload file parsed once, then 50 parsers created and destroyed unused.
    private static func round(_ run: ParseRun, _ files: [Corpus.File]) -> String? {
        for file in files {
            let outcome = run.parse(file.bytes, name: file.name)
            if let error = outcome.error { return "\(file.name): \(error)" }
        }
        for _ in 0..<50 {
            do { _ = try run.makeSession(sourceName: "certify") } catch { return "create failed: \(error)" }
        }
        return nil
    }

    /// `resources.memory_growth`: 3 warm-up rounds, then 20 rounds; resident memory may grow by
    /// at most 8 MiB.
    static func memoryGrowth(_ run: ParseRun, corpus: Corpus, generator: SplitMix64) -> CheckResult {
        let files = workload(corpus, generator)
        for index in 0..<3 {
            ProgressNote.write("warm-up round \(index + 1)")
            if let error = round(run, files) { return CheckResult(id: .resourcesMemoryGrowth, status: .failed, detail: error) }
        }
        let before = ProcessProbe.residentKB
        for index in 0..<20 {
            ProgressNote.write("measured round \(index + 1)")
            if let error = round(run, files) { return CheckResult(id: .resourcesMemoryGrowth, status: .failed, detail: error) }
        }
        let after = ProcessProbe.residentKB
        let growth = after - before
        let metrics: [String: Double] = ["rss_before_kb": Double(before), "rss_after_kb": Double(after),
                                         "growth_kb": Double(growth), "peak_rss_kb": Double(ProcessProbe.peakResidentKB)]
        let work = "20 rounds of \(files.count) files and 50 create / destroy cycles"
        if growth > memoryGrowthLimitKB {
            return CheckResult(id: .resourcesMemoryGrowth, status: .failed,
                               detail: "resident memory grew by more than \(memoryGrowthLimitKB / 1024) MiB over \(work)", metrics: metrics)
        }
        return CheckResult(id: .resourcesMemoryGrowth, status: .passed,
                           detail: "resident memory stayed within \(memoryGrowthLimitKB / 1024) MiB over \(work)", metrics: metrics)
    }

    /// `resources.fd_thread_leak`: open descriptors and threads after 50 create / feed / destroy
    /// cycles equal those before (after one warm-up cycle).
    static func fdThreadLeak(_ run: ParseRun, corpus: Corpus, generator: SplitMix64) -> CheckResult {
        let files = workload(corpus, generator)
        ProgressNote.write("warm-up cycle")
        if let error = round(run, files) { return CheckResult(id: .resourcesFDThreadLeak, status: .failed, detail: error) }
        let fds = ProcessProbe.openFileDescriptors, threads = ProcessProbe.threads
        for index in 0..<50 {
            ProgressNote.write("cycle \(index + 1)")
            for file in files { _ = run.parse(file.bytes, name: file.name) }
        }
        let fdsAfter = ProcessProbe.openFileDescriptors, threadsAfter = ProcessProbe.threads
        let metrics: [String: Double] = ["fds_before": Double(fds), "fds_after": Double(fdsAfter),
                                         "threads_before": Double(threads), "threads_after": Double(threadsAfter)]
        var problems: [String] = []
        if fdsAfter > fds { problems.append("\(fdsAfter - fds) file descriptors left open") }
        if threadsAfter > threads { problems.append("\(threadsAfter - threads) threads left running") }
        if problems.isEmpty {
            return CheckResult(id: .resourcesFDThreadLeak, status: .passed,
                               detail: "no file descriptor or thread left after 50 create / feed / destroy cycles per file", metrics: metrics)
        }
        return CheckResult(id: .resourcesFDThreadLeak, status: .failed,
                           detail: problems.joined(separator: "; ") + " after 50 create / feed / destroy cycles per file", metrics: metrics)
    }

    /// `resources.throughput`: parses the workload (whole files) until at least 4 MiB or 2 s;
    /// reports time per MiB and peak RSS; below 1 MiB/s is a warning.
    static func throughput(_ run: ParseRun, corpus: Corpus, generator: SplitMix64) -> CheckResult {
        let files = workload(corpus, generator)
        let total = max(1, files.reduce(0) { $0 + $1.bytes.count })
        var bytes = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        repeat {
            ProgressNote.write("pass \(bytes / total + 1)")
            for file in files { _ = run.parse(file.bytes, name: file.name) }
            bytes += total
        } while bytes < 4 << 20 && elapsed < 2
        let seconds = max(elapsed, 1e-6)
        let mib = Double(bytes) / 1_048_576
        let metrics: [String: Double] = ["ms_per_mb": (seconds * 1000 / mib).rounded(), "mb_per_s": (mib / seconds * 10).rounded() / 10,
                                         "peak_rss_kb": Double(ProcessProbe.peakResidentKB), "bytes": Double(bytes)]
        if Double(bytes) / seconds < Double(throughputFloorBytesPerSecond) {
            return CheckResult(id: .resourcesThroughput, status: .warning,
                               detail: "throughput below the floor of 1 MiB/s (machine-dependent)", metrics: metrics)
        }
        return CheckResult(id: .resourcesThroughput, status: .passed, detail: "throughput above the floor of 1 MiB/s", metrics: metrics)
    }
}
