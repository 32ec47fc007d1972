import XCTest

/// The same bytes give the same records and rejects however the host cuts them into chunks.
final class ChunkingDoesNotChangeTheResultTests: XCTestCase {
    private func assertChunkInvariant(_ input: [UInt8], _ name: String, options: String = "{}") throws {
        let whole = try CiscoPluginHarness.parse(input, options: options)
        XCTAssertTrue(whole.consumedAll, name)
        for size in [1, 7, 4096] {
            let chunked = try CiscoPluginHarness.parse(input, options: options, chunkSize: size)
            XCTAssertTrue(chunked.consumedAll, "\(name) in \(size)-byte chunks")
            XCTAssertEqual(chunked.events.count, whole.events.count, "\(name) in \(size)-byte chunks")
            XCTAssertTrue(chunked.events == whole.events, "\(name) differs in \(size)-byte chunks")
        }
    }

    func testEveryFixture() throws {
        for name in allFixtureNames {
            try assertChunkInvariant(try CiscoPluginHarness.fixture(name), name)
        }
    }

    func testRealSamples() throws {
        try assertChunkInvariant(try CiscoPluginHarness.sample("cdr.txt"), "sample cdr.txt")
        try assertChunkInvariant(try CiscoPluginHarness.sample("cmr.txt"), "sample cmr.txt")
    }
}
