import Charts
import Documents
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Reports
import TestSupport
import XCTest

/// A typed report in every format of `tollbook report NAME --format`, read back with real readers:
/// XLSX unzipped (cell types, values, number formats), PDF through pdftotext and pdfimages, HTML
/// and SVG parsed as XML, CSV byte for byte; German and English labels, numbers, dates and money.
final class ReportFormatsTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("report-formats")
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// 2026-12-07 08:30 UTC (09:30 in Berlin).
    private let start: Int64 = 1_796_632_200_000
    private let berlin = TimeZone(identifier: "Europe/Berlin")!

    private var report: ReportData {
        let columns = [
            ReportData.TypedColumn(key: "destination", title: "Ziel"),
            .init(key: "calls", title: "Verbindungen", kind: .integer),
            .init(key: "talk_seconds", title: "Dauer", kind: .duration),
            .init(key: "cost", title: "Kosten", kind: .money),
            .init(key: "share_percent", title: "Anteil", kind: .percent),
            .init(key: "day", title: "Tag", kind: .date),
            .init(key: "start", title: "Beginn", kind: .timestamp),
        ]
        let cells: [[ReportDocument.Cell]] = [
            [.text("Berlin, \"Mitte\"\nNord"), .integer(1234), .duration(seconds: 3725), .money(minor: 123_456, currency: "EUR"),
             .percent(hundredths: 1250), .date(year: 2026, month: 12, day: 7), .timestamp(ms: start)],
            [.text("Mobil <5>"), .integer(2), .duration(seconds: 59), .money(minor: -5, currency: "EUR"),
             .percent(hundredths: 8750), .empty, .withheld("< 5")],
        ]
        let chart = Chart(kind: .bar, title: "Kosten je Ziel", categories: ["Berlin", "Mobil"],
                          series: [Chart.Series(name: "Kosten", values: [1234.56, 0])], yAxisTitle: "Kosten (€)",
                          numberFormat: .german)
        return ReportData(title: "Kostenübersicht", sections: [
            ReportData.Section(key: "summary", title: "Übersicht", paragraphs: ["Zeitraum: 01.12.2026 bis 07.12.2026"],
                               tables: [ReportData.Table(key: "summary", columns: columns, cells: cells)], charts: [chart]),
        ])
    }

    private func tool(_ name: String) throws -> URL {
        for folder in ["/usr/bin", "/usr/local/bin"] {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw MissingTool(name: name)
    }

    private struct MissingTool: Error, CustomStringConvertible {
        let name: String
        var description: String { "\(name) is not installed (see scripts/install-deps.sh)" }
    }

    private func run(_ name: String, _ arguments: [String]) throws -> String {
        let result = try TestEnvironment.run(try tool(name), arguments)
        XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
        return result.stdout
    }

    /// An attribute by its name (FoundationXML's `attribute(forName:)` misses attributes of elements
    /// in a default namespace on Linux).
    private func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }

    private func save(_ bytes: [UInt8], _ name: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    // MARK: CSV and JSON

    func testCSVIsRFC4180WithMachineReadableValues() throws {
        let bytes = try report.render(format: .csv, language: .de, timeZone: berlin)
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self),
                       "destination,calls,talk_seconds,cost,share_percent,day,start\r\n"
                       + "\"Berlin, \"\"Mitte\"\"\nNord\",1234,3725,1234.56,12.50,2026-12-07,2026-12-07T08:30:00Z\r\n"
                       + "Mobil <5>,2,59,-0.05,87.50,,< 5\r\n")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try report.render(format: .json, language: .en,
                                                                                               timeZone: berlin))) as? [String: Any])
        let rows = try XCTUnwrap((json["summary"] as? [String: Any])?["summary"] as? [[String: String]])
        XCTAssertEqual(rows.first?["cost"], "1234.56")
        XCTAssertEqual(rows.last?["start"], "< 5")
    }

    // MARK: Labels and locales

    func testGermanAndEnglishNumbersDatesAndMoney() {
        let de = CellFormatter(language: .de, timeZone: berlin, currencyStyle: .symbol)
        let en = CellFormatter(language: .en, timeZone: berlin, currencyStyle: .symbol)
        XCTAssertEqual(de.text(.money(minor: 123_456, currency: "EUR")), "1.234,56 €")
        XCTAssertEqual(en.text(.money(minor: 123_456, currency: "EUR")), "€1,234.56")
        XCTAssertEqual(en.text(.money(minor: -5, currency: "EUR")), "-€0.05")
        XCTAssertEqual(de.text(.money(minor: 100, currency: "CHF")), "1,00 CHF")
        XCTAssertEqual(de.text(.date(year: 2026, month: 12, day: 7)), "07.12.2026")
        XCTAssertEqual(en.text(.date(year: 2026, month: 12, day: 7)), "2026-12-07")
        XCTAssertEqual(de.text(.timestamp(ms: start)), "07.12.2026 09:30")
        XCTAssertEqual(de.text(.percent(hundredths: 1250)), "12,50 %")
        XCTAssertEqual(en.text(.integer(1_234_567)), "1,234,567")
    }

    func testEveryLabelExistsInBothLanguages() {
        XCTAssertEqual(Set(ReportLabels.german.keys), Set(ReportLabels.english.keys))
        XCTAssertEqual(ReportLabels.text("title.itemised", .de), "Einzelverbindungsnachweis")
        XCTAssertEqual(ReportLabels.text("title.itemised", .en), "Itemised call list")
        XCTAssertEqual(ReportLabels.text("column.talk", .de), "Gesprächszeit")
        for (key, text) in ReportLabels.german where key.hasPrefix("column.") || key.hasPrefix("title.") {
            XCTAssertFalse(text.isEmpty, key)
        }
    }

    // MARK: XLSX

    func testXLSXHasTypedCellsAndNumberFormats() throws {
        let file = try save(try report.render(format: .xlsx, language: .de, timeZone: berlin), "report.xlsx")
        let sheet = try run("unzip", ["-p", file.path, "xl/worksheets/sheet1.xml"])
        let document = try XMLDocument(data: Data(sheet.utf8), options: [])
        func cell(_ reference: String) throws -> XMLElement {
            try XCTUnwrap(try document.nodes(forXPath: "//*[local-name()='c'][@r='\(reference)']").first as? XMLElement,
                          reference)
        }
        func value(_ reference: String) throws -> String? {
            try cell(reference).elements(forName: "v").first?.stringValue
                ?? cell(reference).children?.compactMap { $0 as? XMLElement }.first { $0.localName == "v" }?.stringValue
        }
        func style(_ reference: String) throws -> Int { Int(attribute(try cell(reference), "s") ?? "0") ?? 0 }
        // Titles and text are shared strings; numbers are numbers.
        XCTAssertEqual(attribute(try cell("A1"), "t"), "s")
        XCTAssertEqual(attribute(try cell("A2"), "t"), "s")
        for reference in ["B2", "C2", "D2", "E2", "F2", "G2", "D3"] {
            XCTAssertNil(attribute(try cell(reference), "t"), "\(reference) is a number")
        }
        XCTAssertEqual(try value("B2"), "1234")
        XCTAssertEqual(Double(try value("C2") ?? "") ?? 0, 3725.0 / 86_400, accuracy: 1e-12)
        XCTAssertEqual(try value("D2"), "1234.56")
        XCTAssertEqual(try value("D3"), "-0.05")
        XCTAssertEqual(try value("E2"), "0.125")
        XCTAssertEqual(try value("F2"), "46363", "2026-12-07 as an Excel serial day")
        XCTAssertEqual(Double(try value("G2") ?? "") ?? 0, 46363 + 9.5 / 24, accuracy: 1e-9, "09:30 Berlin")
        XCTAssertEqual(attribute(try cell("G3"), "t"), "s", "a withheld cell is text")
        XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='c'][@r='F3']").count, 0, "an empty cell is not written")
        // The title row is frozen and carries the filter buttons over the whole table.
        XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='pane']").compactMap { $0 as? XMLElement }
                        .map { [attribute($0, "ySplit"), attribute($0, "state")] }, [["1", "frozen"]])
        XCTAssertEqual(try document.nodes(forXPath: "//*[local-name()='autoFilter']").compactMap { $0 as? XMLElement }
                        .map { attribute($0, "ref") }, ["A1:G3"])
        let strings = try run("unzip", ["-p", file.path, "xl/sharedStrings.xml"])
        XCTAssertTrue(strings.contains("Berlin, \"Mitte\"\nNord") || strings.contains("Berlin, &quot;Mitte&quot;\nNord"))
        XCTAssertTrue(strings.contains("&lt; 5"))
        // The number formats, by the style of each cell.
        let styles = try XMLDocument(data: Data(try run("unzip", ["-p", file.path, "xl/styles.xml"]).utf8), options: [])
        var codes: [Int: String] = [:]
        for case let format as XMLElement in try styles.nodes(forXPath: "//*[local-name()='numFmt']") {
            if let id = Int(attribute(format, "numFmtId") ?? ""), let code = attribute(format, "formatCode") { codes[id] = code }
        }
        let xfs = try styles.nodes(forXPath: "//*[local-name()='cellXfs']/*[local-name()='xf']").compactMap { $0 as? XMLElement }
        func formatCode(_ reference: String) throws -> String? {
            let xf = xfs[try style(reference)]
            let id = Int(attribute(xf, "numFmtId") ?? "") ?? 0
            return codes[id] ?? (id == 3 ? "#,##0" : id == 4 ? "#,##0.00" : id == 10 ? "0.00%" : id == 46 ? "[h]:mm:ss" : "builtin \(id)")
        }
        XCTAssertEqual(try formatCode("B2"), "#,##0")
        XCTAssertEqual(try formatCode("C2"), "[h]:mm:ss")
        XCTAssertEqual(try formatCode("D2"), "#,##0.00 \"€\"")
        XCTAssertEqual(try formatCode("E2"), "0.00%")
        XCTAssertEqual(try formatCode("F2"), "dd.mm.yyyy")
        XCTAssertEqual(try formatCode("G2"), "dd.mm.yyyy hh:mm")
        // English: the symbol before the amount, ISO dates.
        let english = try save(try report.render(format: .xlsx, language: .en, timeZone: berlin), "en.xlsx")
        let englishStyles = try run("unzip", ["-p", english.path, "xl/styles.xml"])
        XCTAssertTrue(englishStyles.contains("formatCode=\"&quot;€&quot;#,##0.00\""), englishStyles)
        XCTAssertTrue(englishStyles.contains("formatCode=\"yyyy-mm-dd\""), englishStyles)
    }

    // MARK: PDF

    func testPDFHasTheTableAndAVectorChart() throws {
        let file = try save(try report.render(format: .pdf, language: .de, timeZone: berlin), "report.pdf")
        let text = try run("pdftotext", ["-layout", file.path, "-"])
        for expected in ["Kostenübersicht", "Übersicht", "Verbindungen", "1.234", "1:02:05", "1.234,56 €", "-0,05 €",
                         "12,50 %", "07.12.2026", "07.12.2026 09:30",
                         // The chart: its title, axis title, tick labels and categories are text.
                         "Kosten je Ziel", "Kosten (€)", "1.500", "Berlin", "Mobil"] {
            XCTAssertTrue(text.contains(expected), "\(expected) in:\n\(text)")
        }
        let withheld = text.split(separator: "\n").first { $0.contains("-0,05 €") }
        XCTAssertEqual(withheld.map { $0.hasSuffix("<5") }, true, "the withheld cell (pdftotext drops the space)")
        let images = try run("pdfimages", ["-list", file.path]).split(separator: "\n")
        XCTAssertEqual(images.count, 2, "only pdfimages' two header lines: no raster image\n\(images.joined(separator: "\n"))")
    }

    func testEveryChartKindIsVectorGraphicsInPDF() throws {
        let series = [Chart.Series(name: "Festnetz", values: [0.3, 0.15]), Chart.Series(name: "Mobilfunk", values: [0.2, 0.4])]
        let charts = Chart.Kind.allCases.map { kind in
            Chart(kind: kind, title: "Diagramm \(kind.rawValue)", categories: ["Q1", "Q2"], series: series, numberFormat: .german)
        }
        var document = ReportDocument(title: "Diagramme", language: .de)
        document.sections = [ReportDocument.Section(heading: "Alle Arten", blocks: charts.map(ReportDocument.Block.chart))]
        let file = try save(try PDFRenderer().render(document), "charts.pdf")
        let text = try run("pdftotext", ["-layout", file.path, "-"])
        for kind in Chart.Kind.allCases {
            XCTAssertTrue(text.contains("Diagramm \(kind.rawValue)"), "\(kind) in:\n\(text)")
        }
        // Legends of the bar charts (two series) and of the pies (the categories); decimal ticks in German.
        XCTAssertTrue(text.contains("Festnetz") && text.contains("Mobilfunk") && text.contains("Q1") && text.contains("Q2"))
        // Bars and lines: 0,0 … 0,4 in steps of 0,1; stacked bars (up to 0.55): 0,0 … 0,6 in steps of 0,2.
        let lines = Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        XCTAssertTrue(lines.isSuperset(of: ["0,0", "0,1", "0,2", "0,3", "0,4", "0,6"]), text)
        XCTAssertFalse(lines.contains("0,5"), "no tick at 0,5")
        XCTAssertEqual(try run("pdfimages", ["-list", file.path]).split(separator: "\n").count, 2, "no raster image")
        XCTAssertEqual(try run("pdfinfo", [file.path]).split(separator: "\n").first { $0.hasPrefix("Pages:") }
                        .map { $0.hasSuffix(" 3") }, true, "two charts of 360 × 495/640 points per A4 page")
    }

    // MARK: HTML

    func testHTMLIsAnEscapedStandalonePageWithInlineSVG() throws {
        let html = String(decoding: try report.render(format: .html, language: .en, timeZone: berlin), as: UTF8.self)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("Mobil <5>"), "text is escaped")
        let document = try XMLDocument(data: Data(html.utf8), options: [])
        func all(_ name: String) throws -> [XMLElement] {
            try document.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
        }
        XCTAssertEqual(try all("title").first?.stringValue, "Kostenübersicht")
        XCTAssertEqual(try all("th").map(\.stringValue), ["Ziel", "Verbindungen", "Dauer", "Kosten", "Anteil", "Tag", "Beginn"])
        let rows = try all("tr")
        XCTAssertEqual(rows.count, 3)
        let cells = rows[1].children?.compactMap { ($0 as? XMLElement)?.stringValue } ?? []
        XCTAssertEqual(cells, ["Berlin, \"Mitte\"\nNord", "1,234", "1:02:05", "€1,234.56", "12.50 %", "2026-12-07",
                               "2026-12-07 09:30"])
        XCTAssertEqual(try all("svg").count, 1)
        XCTAssertEqual(try all("rect").count, 3, "background and two bars (the second is 0 high)")
    }
}
