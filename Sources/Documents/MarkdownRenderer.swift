/// Writes a ``ReportDocument`` as GitHub-flavoured Markdown: `#` title, metadata as a bullet
/// list, the watermark as a block quote, `##` sections, tables with alignment by column kind.
public struct MarkdownRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The document as Markdown text (ends with a newline).
    public func render(_ document: ReportDocument) -> String {
        let format = CellFormatter(for: document)
        var lines: [String] = ["# " + inline(document.title)]
        if !document.subtitle.isEmpty { lines += ["", "_" + inline(document.subtitle) + "_"] }
        if let watermark = document.watermark { lines += ["", "> **" + inline(watermark) + "**"] }
        if !document.metadata.isEmpty {
            lines.append("")
            lines += document.metadata.map { "- **\(inline($0.key)):** \(inline($0.value))" }
        }
        for section in document.sections {
            lines += ["", "## " + inline(section.heading)]
            for block in section.blocks {
                lines.append("")
                switch block {
                case let .paragraph(text): lines.append(inline(text))
                case let .bullets(items): lines += items.map { "- " + inline($0) }
                case let .chart(chart): lines.append("_" + inline(chart.title) + "_")
                case let .table(table):
                    lines.append("| " + table.columns.map { cell(inline($0.title)) }.joined(separator: " | ") + " |")
                    lines.append("|" + table.columns.map { $0.kind.isNumeric ? "---:|" : "---|" }.joined())
                    for row in table.rows {
                        let cells = table.columns.indices.map { index in
                            cell(inline(format.text(index < row.count ? row[index] : .empty)))
                        }
                        lines.append("| " + cells.joined(separator: " | ") + " |")
                    }
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Line breaks become spaces (a block is one line).
    private func inline(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// `|` escaped inside a table cell.
    private func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
