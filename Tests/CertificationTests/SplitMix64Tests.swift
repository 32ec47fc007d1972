@testable import Certification
import XCTest

/// The generator behind `--seed`: the same seed gives the same numbers everywhere.
final class SeededGeneratorReplaysTests: XCTestCase {
    func testSameSeedGivesSameSequenceAndKnownFirstValue() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42)
        XCTAssertEqual((0..<4).map { _ in a.next() }, (0..<4).map { _ in b.next() })
        // SplitMix64's published first output for seed 0.
        var zero = SplitMix64(seed: 0)
        XCTAssertEqual(zero.next(), 0xe220_a839_7b1d_cdaf)
    }

    func testEachCheckHasItsOwnStream() {
        var mutated = SplitMix64(seed: 1, stream: "robust.mutated")
        var truncated = SplitMix64(seed: 1, stream: "robust.truncated")
        XCTAssertNotEqual(mutated.next(), truncated.next())
    }

    func testMutatorIsDeterministic() {
        let input = Array("1|1700000000|0|1700000010|100|200\n".utf8)
        var a = Mutator(generator: SplitMix64(seed: 9)), b = Mutator(generator: SplitMix64(seed: 9))
        XCTAssertEqual((0..<20).map { _ in a.mutate(input) }, (0..<20).map { _ in b.mutate(input) })
        var c = Mutator(generator: SplitMix64(seed: 9))
        XCTAssertNotEqual(c.mutate(input), input)
        XCTAssertLessThan(c.truncate(input).count, input.count)
    }

    func testChunkPlansCoverTheInputExactly() {
        XCTAssertEqual(ChunkPlan.fixed(7).sizes(for: 20), [7, 7, 6])
        XCTAssertEqual(ChunkPlan.whole.sizes(for: 5), [5])
        XCTAssertEqual(ChunkPlan.fixed(1).sizes(for: 0), [])
        let random = ChunkPlan.random(seed: 3, maximum: 64).sizes(for: 10_000)
        XCTAssertEqual(random.reduce(0, +), 10_000)
        XCTAssertTrue(random.allSatisfy { (1...64).contains($0) })
        XCTAssertEqual(random, ChunkPlan.random(seed: 3, maximum: 64).sizes(for: 10_000))
    }
}
