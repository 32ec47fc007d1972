@testable import Certification
import Foundation
import Host
import TestSupport
import TollbookCore
import XCTest

/// Every failing certification message says which rule was broken and how to fix it, and the
/// SDK's certification reference prints the same rule and fix for every check.
final class FailuresSayTheRuleAndTheFixTests: XCTestCase {
    func testEveryCheckHasARuleAndAFixPrintedInTheSDKReference() throws {
        let reference = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("sdk/docs/certification.md"),
                                   encoding: .utf8)
        for id in CheckID.allCases {
            XCTAssertGreaterThan(id.rule.count, 20, id.rawValue)
            XCTAssertGreaterThan(id.fix.count, 20, id.rawValue)
            XCTAssertTrue(reference.contains("- **`\(id.rawValue)`** — rule: \(id.rule). Fix: \(id.fix)."),
                          "sdk/docs/certification.md lacks the rule and fix of \(id.rawValue) as CheckID+Guidance.swift words them")
            XCTAssertTrue(id.crashFix.contains("--check \(id.rawValue)"), id.rawValue)
        }
    }

    func testFailedCrashedAndWarningResultsEndWithTheRuleAndTheFix() {
        var failed = CheckResult(id: .corpusChunking, status: .failed, detail: "calls.txt: 1-byte chunks differ")
        failed.explain()
        XCTAssertEqual(failed.detail, "calls.txt: 1-byte chunks differ. Rule: \(CheckID.corpusChunking.rule). Fix: \(CheckID.corpusChunking.fix).")
        XCTAssertEqual(failed.rule, CheckID.corpusChunking.rule)
        XCTAssertEqual(failed.fix, CheckID.corpusChunking.fix)
        failed.explain()
        XCTAssertEqual(failed.detail.components(separatedBy: "Rule: ").count, 2, "explained once only")

        var crashed = CheckResult(id: .robustMutated, status: .crashed, detail: "killed by signal SIGSEGV")
        crashed.explain()
        XCTAssertTrue(crashed.detail.hasSuffix("Fix: \(CheckID.robustMutated.crashFix)."), crashed.detail)

        var warning = CheckResult(id: .resourcesThroughput, status: .warning, detail: "0.5 MiB/s")
        warning.explain()
        XCTAssertEqual(warning.fix, CheckID.resourcesThroughput.fix)

        for status in [CheckStatus.passed, .skipped] {
            var result = CheckResult(id: .loadMagic, status: status, detail: "magic 0x31504254")
            result.explain()
            XCTAssertEqual(result.detail, "magic 0x31504254")
            XCTAssertNil(result.rule)
            XCTAssertNil(result.fix)
        }
    }

    func testRuleAndFixRoundTripThroughTheWorkerJSON() throws {
        var result = CheckResult(id: .corpusFieldSanity, status: .failed, detail: "x")
        result.explain()
        let data = try JSONEncoder().encode(result)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["rule"] as? String, CheckID.corpusFieldSanity.rule)
        XCTAssertEqual(object["fix"] as? String, CheckID.corpusFieldSanity.fix)
        XCTAssertEqual(try JSONDecoder().decode(CheckResult.self, from: data), result)
        let passed = try JSONEncoder().encode(CheckResult(id: .loadMagic, status: .passed, detail: "ok"))
        let plain = try XCTUnwrap(try JSONSerialization.jsonObject(with: passed) as? [String: Any])
        XCTAssertNil(plain["rule"])
        XCTAssertNil(plain["fix"])
    }

    func testLocalTimesOutOfOrderAreAFieldSanityProblemNamingTheZone() {
        var outcome = ParseOutcome()
        outcome.localTimeProblems = [LocalTimeProblem(recordOffset: 68, field: "end", message: "end lies before start"),
                                     LocalTimeProblem(recordOffset: 120, field: "answer", message: "answer lies outside start…end")]
        let problem = FieldSanity.firstProblem(in: outcome, fileName: "calls.txt", timeZone: "Europe/Berlin")
        XCTAssertEqual(problem?.message, "calls.txt: record at offset 68: end before start in local wall-clock time "
                       + "(TB_TIME_LOCAL read in time zone Europe/Berlin; the host refused the record)")
        XCTAssertEqual(problem?.count, 2)
    }
}

/// Chunking comparisons do not depend on where a plugin flushed its record batch.
final class OutcomesCompareRejectsInSourceOrderTests: XCTestCase {
    func testRejectsInAnotherEmissionOrderAreTheSameOutcome() {
        let hostMade = QuarantinedInput(reason: .outOfRange, sourceOffset: 10, raw: [1], field: "end",
                                        message: "end lies before start once local times are converted")
        let pluginMade = QuarantinedInput(reason: .malformed, sourceOffset: 40, raw: [2], field: "", message: "expected 6 fields")
        var whole = ParseOutcome(), chunked = ParseOutcome()
        whole.rejects = [pluginMade, hostMade]
        chunked.rejects = [hostMade, pluginMade]
        XCTAssertNil(OutcomeComparison.difference(whole, chunked))
        chunked.rejects = [hostMade]
        XCTAssertEqual(OutcomeComparison.difference(whole, chunked),
                       "0 records, 2 rejects, 0 skipped spans vs 0 records, 1 rejects, 0 skipped spans; reject #2 is missing on one side")
    }
}
