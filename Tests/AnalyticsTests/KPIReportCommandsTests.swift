import Foundation
import TestSupport
import XCTest

/// The KPI engine's reports through the built binary (`tollbook report hunt-group-service |
/// trunk-utilisation | management-summary`), on the store `KpiCommandTests` uses: the figures of
/// 3 March 2025 (UTC, no configuration) must be those `tollbook kpi` computes for that day.
final class KPIReportCommandsTests: XCTestCase {
    private var directory: URL!
    private var database: String { directory.appendingPathComponent("tollbook.db").path }

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-kpi-reports")
        let fixture = TestEnvironment.fixtures.appendingPathComponent("cisco/cdr_kpi.txt").path
        _ = try succeed(["import", "--connector", "cisco.cucm", fixture])
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func succeed(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TOLLBOOK_") }
        let result = try TestEnvironment.run(TestEnvironment.tollbookExecutable, arguments + ["--db", database],
                                             environment: environment, currentDirectory: directory)
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    private func report(_ name: String, _ format: String, extra: [String] = []) throws -> String {
        try succeed(["report", name, "--from", "2025-03-03", "--to", "2025-03-03", "--format", format] + extra)
    }

    func testHuntGroupServiceHasTheDaysKPIsPerGroup() throws {
        // As KpiCommandTests.testHuntGroupKPIsOfADay: 3 offered, 1 answered after 18 s, 2 abandoned (1 short),
        // SL and answer rate 50 %, 82 s of talk, one of two missed callers called back, one unreturned.
        XCTAssertEqual(try report("hunt-group-service", "csv"), """
            group,offered,answered,abandoned,short_abandoned,lost_busy,overflowed,service_level,answer_rate,asa_seconds,\
            avg_talk_seconds,missed_resolution_rate,unreturned\r
            2300,3,1,2,1,0,0,50.00,50.00,18.0,82.0,50.00,1\r

            """)
        let german = try report("hunt-group-service", "html", extra: ["--language", "de"])
        XCTAssertTrue(german.contains("Servicebericht Sammelgruppen"), german)
        XCTAssertTrue(german.contains("50,00"), german)
        XCTAssertTrue(german.contains("<svg"), "the service-level chart is inline SVG")
    }

    /// `unzip -p FILE MEMBER`.
    private func member(_ file: URL, _ name: String) throws -> String {
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/unzip"), ["-p", file.path, name])
        XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
        return result.stdout
    }

    /// The range formulas (`<c:f>`) of a chart part, in order: per series its name, categories, values.
    private func formulas(_ chart: String) throws -> [String] {
        let pattern = try NSRegularExpression(pattern: "<c:f>([^<]*)</c:f>")
        return pattern.matches(in: chart, range: NSRange(chart.startIndex..., in: chart)).compactMap {
            Range($0.range(at: 1), in: chart).map { String(chart[$0]) }
        }
    }

    /// Asserts that sheet 1 links a drawing that holds chart 1.
    private func assertChartIsLinkedFromTheFirstSheet(_ file: URL, line: UInt = #line) throws {
        XCTAssertTrue(try member(file, "xl/worksheets/sheet1.xml").contains("<drawing r:id=\"rId1\"/>"), line: line)
        XCTAssertTrue(try member(file, "xl/worksheets/_rels/sheet1.xml.rels").contains("Target=\"../drawings/drawing1.xml\""),
                      line: line)
        XCTAssertTrue(try member(file, "xl/drawings/_rels/drawing1.xml.rels").contains("Target=\"../charts/chart1.xml\""),
                      line: line)
    }

    func testTheKPIReportsCarryNativeExcelChartsOfThePDFsSeries() throws {
        // Hunt groups: 13 table columns (A–M), the chart's data one column further (O: group, P: service
        // level, Q: answer rate), 50 % each for 2300; a column chart with those two series.
        let groups = directory.appendingPathComponent("groups.xlsx")
        _ = try report("hunt-group-service", "xlsx", extra: ["--out", groups.path])
        let chart = try member(groups, "xl/charts/chart1.xml")
        XCTAssertTrue(chart.contains("<c:barChart>") && chart.contains("<c:barDir val=\"col\"/>"), chart)
        XCTAssertTrue(chart.contains("<a:t>Hunt-group service report</a:t>"), chart)
        // One group: each range is the one cell (libxlsxwriter writes `$O$2`, not `$O$2:$O$2`).
        XCTAssertEqual(try formulas(chart), [
            "'Hunt groups'!$P$1", "'Hunt groups'!$O$2", "'Hunt groups'!$P$2",
            "'Hunt groups'!$Q$1", "'Hunt groups'!$O$2", "'Hunt groups'!$Q$2",
        ])
        let sheet = try member(groups, "xl/worksheets/sheet1.xml")
        XCTAssertTrue(sheet.contains("<c r=\"P2\"><v>50</v></c><c r=\"Q2\"><v>50</v></c>"), sheet)
        let strings = try member(groups, "xl/sharedStrings.xml")
        for text in ["<t>Hunt group</t>", "<t>Service level</t>", "<t>Answer rate</t>", "<t>2300</t>"] {
            XCTAssertTrue(strings.contains(text), text)
        }
        try assertChartIsLinkedFromTheFirstSheet(groups)

        // The management summary: 8 columns of days (A–H), the chart's data from J (day, offered, answered), a line chart.
        let summary = directory.appendingPathComponent("summary.xlsx")
        _ = try report("management-summary", "xlsx", extra: ["--out", summary.path])
        let lines = try member(summary, "xl/charts/chart1.xml")
        XCTAssertTrue(lines.contains("<c:lineChart>"), lines)
        XCTAssertEqual(try formulas(lines), ["Days!$K$1", "Days!$J$2", "Days!$K$2", "Days!$L$1", "Days!$J$2", "Days!$L$2"])
        try assertChartIsLinkedFromTheFirstSheet(summary)

        // Trunks: 9 columns (A–I), the peak concurrency of the one trunk (BER-GW01: 2) charted from K and L.
        let trunks = directory.appendingPathComponent("trunks.xlsx")
        _ = try report("trunk-utilisation", "xlsx", extra: ["--out", trunks.path])
        XCTAssertEqual(try formulas(try member(trunks, "xl/charts/chart1.xml")),
                       ["'Trunk groups'!$L$1", "'Trunk groups'!$K$2", "'Trunk groups'!$L$2"])
        XCTAssertTrue(try member(trunks, "xl/worksheets/sheet1.xml").contains("<c r=\"L2\"><v>2</v></c>"))
        try assertChartIsLinkedFromTheFirstSheet(trunks)
    }

    func testTrunkUtilisationOfTheGateway() throws {
        // Legs of 15, 100, 30, 3 and 125 s on BER-GW01: 273 s in the day = 0.0032 Erl; two legs of 81001 overlap;
        // every outgoing seizure answered (ASR 100 %). No channels configured: utilisation and blocking stay empty.
        let csv = try report("trunk-utilisation", "csv")
        let rows = csv.components(separatedBy: "\r\n")
        XCTAssertEqual(rows.first, "trunk,carried_erlang,peak_concurrency,busy_hour_start,busy_hour_erlang,utilisation,blocking,asr,ner")
        let gateway = try XCTUnwrap(rows.first { $0.hasPrefix("BER-GW01,") }, csv)
        let fields = gateway.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(fields[1], "0.0032")
        XCTAssertEqual(fields[2], "2")
        XCTAssertEqual(fields[4], "0.0758")
        XCTAssertEqual(Array(fields[5...7]), ["", "", "100.00"])
    }

    func testManagementSummaryAgreesWithTheEnterpriseKPIsAndChartsTheDays() throws {
        let kpi = try succeed(["kpi", "--entity", "enterprise", "--from", "2025-03-03", "--to", "2025-03-03", "--bucket", "day",
                               "--format", "json"])
        let day = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(kpi.utf8)) as? [[String: Any]])?.first)
        let json = try report("management-summary", "json")
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], json)
        let days = try XCTUnwrap((summary["days"] as? [String: Any])?["days"] as? [[String: Any]], json)
        XCTAssertEqual(days.count, 1)
        XCTAssertEqual(days.first?["day"] as? String, "2025-03-03")
        // The report's JSON writes every value as text; the KPI command's as numbers.
        XCTAssertEqual(days.first?["offered"] as? String, (day["offered"] as? Int).map(String.init))
        XCTAssertEqual(days.first?["answered"] as? String, (day["answered"] as? Int).map(String.init))
        XCTAssertEqual(days.first?["peak_concurrency"] as? String, (day["peak_concurrency"] as? Int).map(String.init))
        XCTAssertEqual(days.first?["service_level"] as? String, "50.00")
        XCTAssertEqual(days.first?["talk_seconds"] as? String, "202")
        let pdf = directory.appendingPathComponent("summary.pdf")
        _ = try report("management-summary", "pdf", extra: ["--out", pdf.path])
        let text = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/pdftotext"), ["-layout", pdf.path, "-"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("Management summary"), text.stdout)
        XCTAssertTrue(text.stdout.contains("Calls per day"), "the line chart's title is vector text")
        XCTAssertTrue(text.stdout.contains("Cost summary (Zone)"), "the cost summary by zone follows")
    }
}
