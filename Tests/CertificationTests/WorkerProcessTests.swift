@testable import Certification
import Foundation
import Host
import XCTest

/// The worker sandbox: exit status, signals and timeouts are told apart, output is kept.
final class WorkerProcessReportsHowWorkersEndTests: XCTestCase {
    private func shell(_ script: String, timeout: Double = 5) throws -> WorkerProcess.Outcome {
        try WorkerProcess(executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", script], timeoutSeconds: timeout).run()
    }

    func testExitStatusAndOutput() throws {
        let outcome = try shell("echo out; echo err >&2; exit 3")
        XCTAssertEqual(outcome.termination, .exited(3))
        XCTAssertEqual(String(decoding: outcome.stdout, as: UTF8.self), "out\n")
        XCTAssertEqual(String(decoding: outcome.stderr, as: UTF8.self), "err\n")
    }

    func testSignalIsReported() throws {
        XCTAssertEqual(try shell("kill -SEGV $$").termination, .signaled(11))
        XCTAssertEqual(SignalName.name(11), "SIGSEGV")
    }

    func testTimeoutKillsTheWorker() throws {
        let outcome = try shell("exec sleep 30", timeout: 0.5)
        XCTAssertEqual(outcome.termination, .timedOut(seconds: 0.5))
        XCTAssertLessThan(outcome.durationMs, 5000)
    }

    func testLimitsTravelThroughTheEnvironment() throws {
        let outcome = try WorkerProcess(executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "echo $TOLLBOOK_WORKER_LIMITS"],
                                        timeoutSeconds: 5, limits: WorkerLimits(addressSpaceBytes: 1 << 30)).run()
        XCTAssertEqual(String(decoding: outcome.stdout, as: UTF8.self), "as=1073741824,core=0\n")
        XCTAssertEqual(WorkerLimits(encoded: "as=1073741824,core=0"), WorkerLimits(addressSpaceBytes: 1 << 30))
    }

    func testProgressNotesNameTheLastStep() {
        XCTAssertEqual(ProgressNote.last(in: "progress: a\nplugin warning: x\nprogress: b\nother\n"), "b")
        XCTAssertNil(ProgressNote.last(in: "nothing\n"))
    }
}
