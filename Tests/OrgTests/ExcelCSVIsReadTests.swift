import Org
import XCTest

/// Issue 14: CSV as German Excel writes it: semicolons and Windows-1252, or a clear "not UTF-8" error.
final class ExcelCSVIsReadTests: OrgTestCase {
    /// `path;participant;employee_id` with "Müller" and "Büro" in Windows-1252 (ü = 0xFC) and CRLF.
    private let excel: [UInt8] = Array("path;participant;employee_id\r\nBerlin/B".utf8) + [0xFC] + Array("ro;J".utf8) + [0xFC]
        + Array("rgen M".utf8) + [0xFC] + Array("ller;E1\r\nBerlin/Sales;\"Anna; Berta\";E2\r\n".utf8)

    func testWindows1252WithSemicolonsIsImported() throws {
        let text = try CSVText.decode(excel, encoding: .windows1252)
        let plan = try OrgCSVImport(mapper: nil, defaultFromMs: day("2025-01-01")).plan(text, against: chart)
        XCTAssertEqual(plan.diff, """
            + node Berlin (site)
            + node Berlin/Büro (cost_centre)
            + node Berlin/Sales (cost_centre)
            + participant Jürgen Müller (E1) at Berlin/Büro from 2025-01-01
            + participant Anna; Berta (E2) at Berlin/Sales from 2025-01-01

            """)
    }

    func testBytesThatAreNotUTF8AreNamedByLineAndColumn() {
        XCTAssertThrowsError(try CSVText.decode(excel, encoding: .utf8)) { error in
            XCTAssertEqual("\(error)", """
                the file has 1 problem(s), nothing was changed:
                  line 2, column 9: not UTF-8 at line 2, column 9; a file Excel saved as CSV is usually Windows-1252: pass --encoding windows-1252
                """)
        }
        XCTAssertEqual(try CSVText.decode([0xEF, 0xBB, 0xBF] + Array("päth".utf8), encoding: .utf8), "päth", "BOM skipped")
        XCTAssertEqual(try CSVText.decode([0x80, 0x9F, 0xE4], encoding: .windows1252), "€Ÿä")
    }

    func testCommaFilesKeepSemicolonsInCells() throws {
        let text = "path,participant,pins\nBerlin,Anna,11;12\n"
        let (targets, problems) = try OrgCSVImport(mapper: nil, defaultFromMs: 0).read(text)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(targets.first?.classifiers[.pin], ["11", "12"])
    }
}
