import Charts

/// Writes a ``ReportDocument`` as one standalone HTML5 page: `<h1>` title, metadata as a
/// definition list, the watermark as a banner, `<h2>` sections, paragraphs, lists, tables
/// (`<th scope="col">` titles, numeric cells right-aligned with class `num`) and charts as inline
/// SVG. No scripts, no external resources (the style sheet is inline); every text is escaped.
/// Cells are written with the same ``CellFormatter`` as the PDF, so both show the same values.
public struct HTMLRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The page (UTF-8 text, ends with a newline).
    public func render(_ document: ReportDocument) -> String {
        let format = CellFormatter(for: document)
        var out = "<!DOCTYPE html>\n<html lang=\"\(document.language.rawValue)\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<title>\(Self.escape(document.title))</title>\n"
        out += "<style>body{font-family:Helvetica,Arial,sans-serif;margin:2em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}th,td{border-bottom:1px solid #ccc;padding:4px 8px;text-align:left}"
            + "td.num,th.num{text-align:right}.watermark{color:#a00;font-weight:bold}figure{margin:1em 0}</style>\n"
        out += "</head>\n<body>\n<h1>\(Self.escape(document.title))</h1>\n"
        if !document.subtitle.isEmpty { out += "<p class=\"subtitle\">\(Self.escape(document.subtitle))</p>\n" }
        if let watermark = document.watermark { out += "<p class=\"watermark\">\(Self.escape(watermark))</p>\n" }
        if !document.metadata.isEmpty {
            out += "<dl>\n"
            for pair in document.metadata {
                out += "<dt>\(Self.escape(pair.key))</dt><dd>\(Self.escape(pair.value))</dd>\n"
            }
            out += "</dl>\n"
        }
        for section in document.sections {
            out += "<section>\n<h2>\(Self.escape(section.heading))</h2>\n"
            for block in section.blocks {
                switch block {
                case let .paragraph(text):
                    out += "<p>\(Self.escape(text))</p>\n"
                case let .bullets(items):
                    out += "<ul>\n" + items.map { "<li>\(Self.escape($0))</li>\n" }.joined() + "</ul>\n"
                case let .table(table):
                    out += "<table>\n<thead>\n<tr>"
                    for column in table.columns {
                        out += "<th scope=\"col\"" + (column.kind.isNumeric ? " class=\"num\"" : "") + ">"
                            + Self.escape(column.title) + "</th>"
                    }
                    out += "</tr>\n</thead>\n<tbody>\n"
                    for row in table.rows {
                        out += "<tr>"
                        for (index, column) in table.columns.enumerated() {
                            let cell = index < row.count ? row[index] : .empty
                            out += (column.kind.isNumeric ? "<td class=\"num\">" : "<td>") + Self.escape(format.text(cell)) + "</td>"
                        }
                        out += "</tr>\n"
                    }
                    out += "</tbody>\n</table>\n"
                case let .chart(chart):
                    out += "<figure>\n" + SVGChartRenderer().render(chart, standalone: false) + "</figure>\n"
                }
            }
            out += "</section>\n"
        }
        return out + "</body>\n</html>\n"
    }

    /// `text` escaped for HTML text and attribute values (`&`, `<`, `>`, `"`, `'`; control
    /// characters dropped).
    public static func escape(_ text: String) -> String { SVGChartRenderer.escape(text) }
}

extension HTMLRenderer: DocumentRendering {
    /// `html`.
    public var fileExtension: String { "html" }
    /// The page as UTF-8.
    public func bytes(for document: ReportDocument) throws -> [UInt8] { Array(render(document).utf8) }
}
