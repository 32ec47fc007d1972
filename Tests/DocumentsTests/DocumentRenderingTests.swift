@testable import Documents
import Foundation
import TestSupport
import XCTest

/// Markdown and PDF rendering of report documents; PDFs are checked with real readers (pdftotext, pdfinfo).
final class DocumentRenderingTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-documents")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func sample(language: DocumentLanguage, rows: Int = 2, watermark: String? = nil) -> ReportDocument {
        var table = ReportDocument.Table(columns: [
            .init("Nebenstelle", .text), .init("Anrufe", .integer), .init("Kosten", .money), .init("Dauer", .duration),
            .init("Anteil", .percent), .init("Tag", .date),
        ])
        for index in 0..<rows {
            table.rows.append([.text("Straße \(index + 1)"), .integer(Int64(1000 + index)),
                               .money(minor: 123_456 + Int64(index), currency: "EUR"), .duration(seconds: 3725),
                               .percent(hundredths: 1250), .date(year: 2025, month: 3, day: 31)])
        }
        return ReportDocument(
            title: "Kostenübersicht März", subtitle: "Grüße aus Köln – Abteilung Süd",
            metadata: [("Zeitraum", "März 2025"), ("Größe", "k ≥ 5")], watermark: watermark, language: language,
            sections: [
                .init(heading: "Erster Abschnitt", blocks: [
                    .paragraph("Äpfel, Öl und Übermaß: ein Absatz mit Umlauten und ß."),
                    .bullets(["erster Punkt", "zweiter Punkt | mit Strich"]),
                ]),
                .init(heading: "Zweiter Abschnitt", blocks: [.table(table)]),
            ])
    }

    func testCellsAreFormattedPerLanguage() {
        let de = CellFormatter(language: .de, timeZone: TimeZone(identifier: "Europe/Berlin")!)
        let en = CellFormatter(language: .en, timeZone: TimeZone(identifier: "UTC")!)
        XCTAssertEqual(de.text(.money(minor: 123_456, currency: "EUR")), "1.234,56 EUR")
        XCTAssertEqual(en.text(.money(minor: -5, currency: "EUR")), "-0.05 EUR")
        XCTAssertEqual(en.text(.integer(1_234_567)), "1,234,567")
        XCTAssertEqual(de.text(.decimal(12_345, scale: 3)), "12,345")
        XCTAssertEqual(en.text(.duration(seconds: 125)), "2:05")
        XCTAssertEqual(en.text(.duration(seconds: 3725)), "1:02:05")
        XCTAssertEqual(de.text(.percent(hundredths: 1250)), "12,50 %")
        XCTAssertEqual(de.text(.date(year: 2025, month: 3, day: 31)), "31.03.2025")
        XCTAssertEqual(en.text(.date(year: 2025, month: 3, day: 1)), "2025-03-01")
        // 2025-03-31 08:04 UTC is 10:04 in Berlin (summer time).
        XCTAssertEqual(de.text(.timestamp(ms: 1_743_408_240_000)), "31.03.2025 10:04")
        XCTAssertEqual(en.text(.timestamp(ms: 1_743_408_240_000)), "2025-03-31 08:04")
        XCTAssertEqual(en.text(.withheld("< 5")), "< 5")
    }

    func testMarkdownHasGitHubTablesAlignedByColumnKind() {
        let markdown = MarkdownRenderer().render(sample(language: .de, rows: 1, watermark: "VERTRAULICH"))
        XCTAssertEqual(markdown, """
            # Kostenübersicht März

            _Grüße aus Köln – Abteilung Süd_

            > **VERTRAULICH**

            - **Zeitraum:** März 2025
            - **Größe:** k ≥ 5

            ## Erster Abschnitt

            Äpfel, Öl und Übermaß: ein Absatz mit Umlauten und ß.

            - erster Punkt
            - zweiter Punkt | mit Strich

            ## Zweiter Abschnitt

            | Nebenstelle | Anrufe | Kosten | Dauer | Anteil | Tag |
            |---|---:|---:|---:|---:|---|
            | Straße 1 | 1.000 | 1.234,56 EUR | 1:02:05 | 12,50 % | 31.03.2025 |

            """)
    }

    func testPDFTextIsInOrderWithUmlauts() throws {
        let file = directory.appendingPathComponent("short.pdf")
        try PDFRenderer().write(sample(language: .de), to: file.path)
        let text = try PDFReader.text(file)
        let expected = ["Kostenübersicht März", "Grüße aus Köln – Abteilung Süd", "Zeitraum:", "März 2025",
                        "Erster Abschnitt", "Äpfel, Öl und Übermaß: ein Absatz mit Umlauten und ß.", "erster Punkt",
                        "Zweiter Abschnitt", "Nebenstelle", "Straße 1", "1.234,56 EUR", "Straße 2", "1.234,57 EUR",
                        "Seite 1 von 1"]
        var position = text.startIndex
        for part in expected {
            guard let found = text.range(of: part, range: position..<text.endIndex) else {
                return XCTFail("'\(part)' missing or out of order in:\n\(text)")
            }
            position = found.upperBound
        }
        // "≥" is outside WinAnsiEncoding: written as "?" (the documented limit).
        XCTAssertTrue(text.contains("k ? 5"), text)
        let info = try PDFReader.info(file)
        XCTAssertEqual(info["Pages"], "1")
        XCTAssertEqual(info["Title"], "Kostenübersicht März")
        XCTAssertEqual(info["Page size"]?.hasPrefix("595.276 x 841.89 pts (A4)"), true, info["Page size"] ?? "")
    }

    func testLongTablesBreakPagesWithRepeatedHeadersAndPageNumbers() throws {
        for (language, label) in [(DocumentLanguage.de, "Seite"), (.en, "Page")] {
            let file = directory.appendingPathComponent("long-\(language).pdf")
            try PDFRenderer().write(sample(language: language, rows: 150), to: file.path)
            let pages = try XCTUnwrap(Int(try PDFReader.info(file)["Pages"] ?? ""))
            XCTAssertEqual(pages, 4, "150 rows of 13.5 pt on A4")
            var rowsSeen = 0
            for page in 1...pages {
                let text = try PDFReader.text(file, page: page)
                let of = language == .de ? "von" : "of"
                XCTAssertTrue(text.contains("\(label) \(page) \(of) \(pages)"), "page \(page): \(text)")
                if page >= 2 { XCTAssertTrue(text.contains("Nebenstelle"), "header row repeated on page \(page)") }
                rowsSeen += text.components(separatedBy: "Straße ").count - 1
            }
            XCTAssertEqual(rowsSeen, 150, "every row printed once")
        }
    }

    func testLongTextCellsWrapInsideTheirColumn() throws {
        let long = (1...40).map { "Wort\($0)" }.joined(separator: " ")
        let document = ReportDocument(title: "Wrap", language: .en, sections: [
            .init(heading: "Table", blocks: [.table(.init(
                columns: [.init("Name"), .init("Description"), .init("Amount", .money)],
                rows: [[.text("first"), .text(long), .money(minor: 4_200, currency: "EUR")],
                       [.text("second"), .text("short"), .money(minor: 1, currency: "EUR")]]))]),
        ])
        let file = directory.appendingPathComponent("wrap.pdf")
        try PDFRenderer().write(document, to: file.path)
        let words = try PDFReader.text(file).split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let description = words.filter { $0.hasPrefix("Wort") }
        XCTAssertEqual(description, (1...40).map { "Wort\($0)" }, "every word printed, in order, none cut")
        XCTAssertTrue(words.contains("42.00"), "\(words)")
        let second = try XCTUnwrap(words.firstIndex(of: "second"), "\(words)")
        XCTAssertGreaterThan(second, try XCTUnwrap(words.firstIndex(of: "Wort40")), "the next row starts below the wrapped cell")
    }

    func testWatermarkIsOnEveryPage() throws {
        let file = directory.appendingPathComponent("watermark.pdf")
        try PDFRenderer().write(sample(language: .de, rows: 80, watermark: "FREIGABE 42 – NUR LESEN"), to: file.path)
        let pages = try XCTUnwrap(Int(try PDFReader.info(file)["Pages"] ?? ""))
        XCTAssertEqual(pages, 2)
        for page in 1...pages {
            // Diagonal text comes out one glyph run per line: compare without white space.
            let text = try PDFReader.text(file, page: page, raw: true).filter { !$0.isWhitespace }
            XCTAssertTrue(text.hasPrefix("FREIGABE42–NURLESEN"), "watermark on page \(page): \(text.prefix(200))")
        }
        let plain = directory.appendingPathComponent("plain.pdf")
        try PDFRenderer().write(sample(language: .de, rows: 80), to: plain.path)
        XCTAssertFalse(try PDFReader.text(plain).contains("FREIGABE"))
    }

    func testRenderersAreChosenByFormat() throws {
        let renderers: [any DocumentRendering] = [MarkdownRenderer(), PDFRenderer()]
        XCTAssertEqual(renderers.map(\.fileExtension), ["md", "pdf"])
        let document = sample(language: .en)
        XCTAssertEqual(try renderers[0].bytes(for: document), Array(MarkdownRenderer().render(document).utf8))
        let pdf = try renderers[1].bytes(for: document)
        XCTAssertEqual(Array(pdf.prefix(5)), Array("%PDF-".utf8))
        XCTAssertEqual(Array(pdf.suffix(6)).filter { $0 > 32 }, Array("%%EOF".utf8))
    }

    func testLibraryAndFileErrorsAreTyped() throws {
        let pdf = try HaruDocument()
        XCTAssertThrowsError(try pdf.font("NoSuchFont")) { error in
            guard case let .pdfLibrary(operation, code, _) = error as? DocumentsError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(operation, "HPDF_GetFont(NoSuchFont)")
            XCTAssertNotEqual(code, 0)
        }
        let missing = directory.appendingPathComponent("no/such/folder/out.pdf").path
        XCTAssertThrowsError(try PDFRenderer().write(sample(language: .en), to: missing)) { error in
            guard case let .cannotWrite(path, _) = error as? DocumentsError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, missing)
        }
    }
}
