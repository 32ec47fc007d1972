import Documents
import Foundation

extension ReportData {
    /// The report as a ``Documents/ReportDocument`` for the PDF and Markdown renderers: every
    /// section with its paragraphs and tables (text cells, column titles as in JSON and CSV).
    /// - Parameters:
    ///   - watermark: printed across every page (output made under a four-eyes unlock).
    ///   - printedColumns: per table key, the columns a page shows (a page has room for fewer
    ///     columns than a CSV file); tables not named show all of theirs.
    ///   - timeZone: the time zone timestamps are written in.
    ///   - currencyStyle: how money names its currency.
    /// Typed tables keep their cells, titles and kinds; charts follow the section's tables.
    public func document(language: DocumentLanguage = .en, watermark: String? = nil,
                         printedColumns: [String: [String]] = [:],
                         timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current,
                         currencyStyle: CurrencyStyle = .code) -> ReportDocument {
        var document = ReportDocument(title: title, watermark: watermark, language: language, timeZone: timeZone)
        document.currencyStyle = currencyStyle
        document.sections = sections.map { section in
            var blocks = section.paragraphs.map(ReportDocument.Block.paragraph)
            for table in section.tables {
                let shown = printedColumns[table.key].map { wanted in
                    wanted.compactMap { name in table.columns.firstIndex(of: name) }
                } ?? Array(table.columns.indices)
                if let cells = table.cells {
                    blocks.append(.table(ReportDocument.Table(
                        columns: shown.map {
                            ReportDocument.Column(table.titles?[safe: $0] ?? table.columns[$0], table.kinds?[safe: $0] ?? .text)
                        },
                        rows: cells.map { row in shown.map { $0 < row.count ? row[$0] : .empty } })))
                    continue
                }
                blocks.append(.table(ReportDocument.Table(
                    columns: shown.map { ReportDocument.Column(table.columns[$0]) },
                    rows: table.rows.map { row in shown.map { $0 < row.count ? ReportDocument.Cell.text(row[$0]) : .empty } })))
            }
            blocks += section.charts.map(ReportDocument.Block.chart)
            return ReportDocument.Section(heading: section.title, blocks: blocks)
        }
        return document
    }
}

extension Array {
    /// The element at `index`, or `nil` outside the array.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
