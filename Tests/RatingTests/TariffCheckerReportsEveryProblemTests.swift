import Rating
import XCTest

/// The checker behind `tollbook tariffs check`: every problem with file, line and key.
final class TariffCheckerReportsEveryProblemTests: XCTestCase {
    private let broken = """
    [provider]
    id = broken
    colour = blue
    [bands]
    peak = Mon-Fri 08:00-18:00
    offpeak = Mon-Fri 17:00-24:00, Mon-Fri 00:00-08:00
    [zone A]
    prefixes = +49, +4930
    [zone B]
    prefixes = +4930, 49x
    [version v1]
    valid_from = 2026-01-01
    A = -1 ct/min
    B = 2 ct/min 60/0
    C = 1 ct/min
    A@night = 1 ct/min
    [version v2]
    valid_from = 2025-13-01
    [version v3]
    valid_from = 2025-06-01
    [misc]
    A = 1 ct/call
    """

    private func problem(_ problems: [TariffProblem], line: Int, key: String) -> TariffProblem? {
        problems.first { $0.line == line && $0.key == key }
    }

    func testEveryProblemHasItsLineAndKey() {
        let problems = TariffChecker.check(contents: broken, fileName: "broken.ini")
        let expected: [(Int, String, String, TariffProblem.Severity)] = [
            (3, "colour", "unknown key in [provider]", .error),
            (4, "[bands]", "gap: no band covers Sat 00:00-24:00", .warning),
            (6, "offpeak", "overlaps band peak on Mon at 17:00", .error),
            (10, "prefixes", "duplicate prefix +4930 (already in zone A, line 8)", .error),
            (10, "prefixes", "49x is not +digits", .error),
            (13, "A", "negative price -1", .error),
            (14, "B", "bad increment 60/0", .error),
            (15, "C", "unknown zone C", .error),
            (16, "A@night", "unknown band night", .error),
            (18, "valid_from", "bad date 2025-13-01", .error),
            (19, "[version v3]", "not later than version v1's 2026-01-01", .error),
            (21, "[misc]", "unknown section", .error),
        ]
        for (line, key, text, severity) in expected {
            let found = problems.first { $0.line == line && $0.key == key && $0.message.contains(text) }
            XCTAssertNotNil(found, "missing problem at line \(line), key \(key): \(problems)")
            XCTAssertTrue(found?.message.contains(text) ?? false, "line \(line): \(found?.message ?? "-") lacks \(text)")
            XCTAssertEqual(found?.severity, severity, "line \(line)")
            XCTAssertEqual(found?.file, "broken.ini")
        }
    }

    func testParserThrowsAllProblemsWithLineAndKey() {
        do {
            _ = try TariffFile.parse(contents: broken, fileName: "broken.ini")
            XCTFail("a broken file must not parse")
        } catch {
            XCTAssertEqual(Set(error.problems), Set(TariffChecker.check(contents: broken, fileName: "broken.ini")))
            XCTAssertTrue(error.description.contains("broken.ini:13: error: A: negative price -1"), error.description)
        }
    }

    func testSyntaxAndStructureProblems() {
        let text = """
        id = orphan
        [provider]
        id = x
        id = y
        just words
        [zone Z]
        prefixes = +1
        [version v1]
        valid_from = 2020-01-01
        valid_to = 2019-01-01
        Z = 1 ct/min 0/60
        Z@peak = 2 ct/min
        """
        let problems = TariffChecker.check(contents: text, fileName: "s.ini")
        XCTAssertNotNil(problem(problems, line: 1, key: "id"), "\(problems)")
        XCTAssertTrue(problem(problems, line: 4, key: "id")?.message.contains("duplicate key (first in line 3)") ?? false)
        XCTAssertTrue(problem(problems, line: 5, key: "just words")?.message.contains("expected key = value") ?? false)
        XCTAssertTrue(problem(problems, line: 8, key: "valid_to")?.message.contains("not later than valid_from") ?? false)
        XCTAssertTrue(problem(problems, line: 11, key: "Z")?.message.contains("bad increment 0/60") ?? false)
        XCTAssertTrue(problem(problems, line: 12, key: "Z@peak")?.message.contains("unknown band peak") ?? false)
    }

    func testMissingRatesAreWarningsThatStillLoad() {
        let text = """
        [provider]
        id = partial
        [zone A]
        prefixes = +1
        [zone B]
        prefixes = +2
        [version v1]
        valid_from = 2020-01-01
        A = 1 ct/min
        """
        let problems = TariffChecker.check(contents: text, fileName: "p.ini")
        XCTAssertEqual(problems, [TariffProblem(file: "p.ini", line: 7, key: "B",
                                                message: "version v1 has no rate for zone B; such calls are unrated",
                                                severity: .warning)])
        XCTAssertNoThrow(try TariffFile.parse(contents: text, fileName: "p.ini"))
    }

    func testDuplicateProvidersAndAccessCodesAcrossFiles() {
        let a = "[provider]\nid = a\naccess_codes = 01077\n[zone Z]\nprefixes = +1\n[version v]\nvalid_from = 2020-01-01\nZ = free\n"
        let b = a.replacingOccurrences(of: "id = a", with: "id = b")
        let tariffs = [a, a, b].compactMap { Fixture.tariff($0) }
        let problems = TariffChecker.check(tariffs: tariffs)
        XCTAssertEqual(problems.map(\.key), ["id", "access_codes"])
    }
}
