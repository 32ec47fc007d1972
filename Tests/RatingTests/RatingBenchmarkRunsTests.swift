@testable import RatingBench
import Rating
import XCTest

/// The benchmark entry point works (speed is measured in release builds by the bench, not here).
final class RatingBenchmarkRunsTests: XCTestCase {
    func testBenchmarkRatesEveryCall() {
        let result = RatingBenchmark.run(calls: 2000, prefixes: 10_000)
        XCTAssertEqual(result.calls, 2000)
        XCTAssertEqual(result.rated, 2000)
        XCTAssertGreaterThan(result.callsPerSecond, 0)
        XCTAssertGreaterThan(result.totalCostMinor, 0)
        let summary = RatingBenchmark.run(calls: 2000, prefixes: 10_000, summary: true)
        XCTAssertEqual(summary.rated, 2000)
        XCTAssertEqual(summary.totalCostMinor, result.totalCostMinor, "both paths price the same calls alike")
    }
}
