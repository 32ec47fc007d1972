import PluginTestSupport
import XCTest

/// The same records and rejects whether input comes whole or in 1-, 7- and 4096-byte chunks, and
/// no crash, contract break or bogus record on noise, truncation, invalid UTF-8, huge lines.
final class ChunkingAndHostileInputTests: XCTestCase {
    private let fixtures = ["unify/osbiz_pipe_calls.txt", "unify/hipath_compressed_calls.txt",
                            "unify/hipath_long_calls.txt", "unify/unify_malformed.txt"]

    func testChunkingDoesNotMatter() throws {
        for name in fixtures {
            try Unify.harness().assertChunkingDoesNotMatter(try PluginHarness.fixture(name))
        }
    }

    func testEveryLineIsAccountedFor() throws {
        for name in fixtures {
            let bytes = try PluginHarness.fixture(name)
            let outcome = try Unify.harness().parse(bytes)
            let covered = outcome.records.reduce(UInt64(0)) { $0 + $1.sourceLength }
                + outcome.rejects.reduce(UInt64(0)) { $0 + UInt64($1.raw.count) }
            let skippedBytes = FixtureLines(bytes).lines.filter { line in
                !outcome.records.contains { $0.sourceOffset == line.offset }
                    && !outcome.rejects.contains { $0.sourceOffset == line.offset }
            }
            XCTAssertEqual(skippedBytes.count, outcome.skipped, name)
            XCTAssertEqual(covered + skippedBytes.reduce(UInt64(0)) { $0 + UInt64($1.raw.count) }, UInt64(bytes.count), name)
        }
    }

    func testHostileInputIsSurvived() throws {
        for name in fixtures {
            try Unify.harness().assertSurvivesHostileInput(sample: try PluginHarness.fixture(name))
        }
    }

    func testLineEndingsDoNotChangeFields() throws {
        let crlf = Array("03.03.25|14:00:00|1|101||00:01:00|0305550123|1|2|||||\r\n".utf8)
        let lf = Array("03.03.25|14:00:00|1|101||00:01:00|0305550123|1|2|||||\n".utf8)
        let a = try Unify.harness().parse(crlf).records
        let b = try Unify.harness().parse(lf).records
        XCTAssertEqual(a.count, 1)
        XCTAssertEqual(b.count, 1)
        XCTAssertEqual(a.first?.vendorRecordID, b.first?.vendorRecordID, "the id hashes the line without its break")
        XCTAssertEqual(a.first?.sourceLength, 55)
        XCTAssertEqual(b.first?.sourceLength, 54)
    }

    func testManyLinesAreEmittedInBatches() throws {
        let line = Array("03.03.25|14:00:00|1|101||00:01:00|0305550123|1|2|||||\r\n".utf8)
        var bytes: [UInt8] = []
        for index in 0..<1200 {
            var copy = line
            // Vary the extension so lines differ: 100 + index % 900.
            let ext = Array(String(100 + index % 900).utf8)
            copy.replaceSubrange(20..<23, with: ext)
            bytes += copy
        }
        let outcome = try Unify.harness().parse(bytes)
        XCTAssertEqual(outcome.records.count, 1200)
        XCTAssertEqual(outcome.rejects, [])
    }
}
