import PluginTestSupport
import TollbookCore
import XCTest

/// The four OpenScape Office lines quoted from Unify's description (`Tests/Fixtures/unify/samples/`):
/// 15 and 14 fields, and the "uncompressed" variant with its German header line (skipped).
/// 20.06.12 is CEST (UTC+2).
final class VendorSamplesAreReadTests: XCTestCase {
    private func read(_ name: String) throws -> (FixtureLines, PluginHarness.Outcome) {
        let bytes = try PluginHarness.sharedSample("unify/" + name)
        return (FixtureLines(bytes), try Unify.harness().parse(bytes))
    }

    private let tags = [("layout", "pipe"), ("information_element", "1")]

    func testCompressedWithLCRNumberField() throws {
        let (f, outcome) = try read("docs_openscape-office_cdr_compressed_example1_lcr-number-set.txt")
        assertRecords(outcome.records, [
            expected(f[0], stamp: "120620131135", start: "2012-06-20T11:11:26Z", answer: "2012-06-20T11:11:28Z",
                     end: "2012-06-20T11:11:35Z", ring: 2_000, talk: 7_000, .incoming, .answered,
                     calling: "0123456789", called: "33388", extension: "33388", remote: "0123456789", trunk: "201",
                     extra: tags),
        ])
        XCTAssertEqual(outcome.rejects, [])
        XCTAssertEqual(outcome.skipped, 0)
    }

    func testCompressedWithoutLCRNumberField() throws {
        let (f, outcome) = try read("docs_openscape-office_cdr_compressed_example2_lcr-number-not-set.txt")
        assertRecords(outcome.records, [
            expected(f[0], stamp: "120620132114", start: "2012-06-20T11:20:57Z", answer: "2012-06-20T11:21:02Z",
                     end: "2012-06-20T11:21:14Z", ring: 5_000, talk: 12_000, .incoming, .answered,
                     calling: "0123456789", called: "33388", extension: "33388", remote: "0123456789", trunk: "202",
                     extra: tags),
        ])
        XCTAssertEqual(outcome.rejects, [])
    }

    func testUncompressedWithHeaderLine() throws {
        let (f, outcome) = try read("docs_openscape-office_cdr_uncompressed_example1_lcr-number-set.txt")
        assertRecords(outcome.records, [
            expected(f[1], stamp: "120620125345", start: "2012-06-20T10:53:37Z", answer: "2012-06-20T10:53:41Z",
                     end: "2012-06-20T10:53:45Z", ring: 4_000, talk: 4_000, .incoming, .answered,
                     calling: "01706340803", called: "33388", extension: "33388", remote: "01706340803", trunk: "201",
                     extra: tags),
        ])
        XCTAssertEqual(outcome.rejects, [])
        XCTAssertEqual(outcome.skipped, 1, "the Datum|Uhrzeit|… header")
    }

    func testUncompressedSecondExample() throws {
        let (f, outcome) = try read("docs_openscape-office_cdr_uncompressed_example2_lcr-number-not-set.txt")
        assertRecords(outcome.records, [
            expected(f[1], stamp: "120620133827", start: "2012-06-20T11:38:20Z", answer: "2012-06-20T11:38:22Z",
                     end: "2012-06-20T11:38:27Z", ring: 2_000, talk: 5_000, .incoming, .answered,
                     calling: "01706340803", called: "33388", extension: "33388", remote: "01706340803", trunk: "202",
                     extra: tags),
        ])
        XCTAssertEqual(outcome.skipped, 1)
    }
}
