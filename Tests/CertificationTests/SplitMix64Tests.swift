@testable import Certification
import XCTest

/// The generator behind `--seed`: the same seed gives the same numbers everywhere.
final class SeededGeneratorReplaysTests: XCTestCase {
    func testSameSeedGivesSameSequence() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
        XCTAssertEqual((0..<4).map { _ in a.next() }, (0..<4).map { _ in b.next() })
    }
}
