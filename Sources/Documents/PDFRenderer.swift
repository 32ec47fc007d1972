import CHaru
import Charts
import Foundation

/// Writes a ``ReportDocument`` as a PDF through libharu: A4 portrait, a title block, wrapped
/// paragraphs and bullet lists, tables with numeric columns right-aligned, page breaks that repeat
/// a table's header row, "Seite 3 von 7" / "Page 3 of 7" at the foot of every page and the
/// watermark (if any) diagonally across every page.
///
/// Limits: the base-14 fonts Helvetica and Helvetica-Bold with WinAnsiEncoding, so German umlauts,
/// ß, € and Western European letters print, other scripts print as `?`; fonts are not embedded;
/// text cells wrap inside their column; numeric, date and timestamp cells stay on one line (days and
/// instants keep their width when a wide table is narrowed); numbers and header titles are cut with
/// `…` when wider.
public struct PDFRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The PDF's bytes.
    /// - Throws: ``DocumentsError/pdfLibrary(operation:code:detail:)`` when libharu refuses an operation.
    public func render(_ document: ReportDocument) throws -> [UInt8] {
        let pdf = try HaruDocument()
        var layout = try PDFLayout(pdf: pdf, document: document)
        try layout.run()
        return try pdf.bytes()
    }

    /// Writes the PDF to `path` (replacing it).
    /// - Throws: ``DocumentsError``.
    public func write(_ document: ReportDocument, to path: String) throws {
        let bytes = try render(document)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DocumentsError.cannotWrite(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}

/// One libharu document, freed with this object; every refused call becomes a typed error.
final class HaruDocument {
    let handle: HPDF_Doc

    init() throws {
        guard let handle = HPDF_New(nil, nil) else {
            throw DocumentsError.pdfLibrary(operation: "HPDF_New", code: 0, detail: 0)
        }
        self.handle = handle
    }

    deinit { HPDF_Free(handle) }

    /// Throws the document's pending error if `status` is not OK.
    func check(_ status: HPDF_STATUS, _ operation: String) throws {
        guard status != HPDF_STATUS(HPDF_OK) else { return }
        try fail(operation, status: status)
    }

    /// Throws the error libharu recorded for `operation`.
    func fail(_ operation: String, status: HPDF_STATUS? = nil) throws -> Never {
        let code = status ?? HPDF_GetError(handle)
        let detail = HPDF_GetErrorDetail(handle)
        HPDF_ResetError(handle)
        throw DocumentsError.pdfLibrary(operation: operation, code: UInt(code), detail: UInt(detail))
    }

    /// A base-14 font in WinAnsiEncoding.
    func font(_ name: String) throws -> HPDF_Font {
        guard let font = HPDF_GetFont(handle, name, "WinAnsiEncoding") else { try fail("HPDF_GetFont(\(name))") }
        return font
    }

    /// The saved document.
    func bytes() throws -> [UInt8] {
        try check(HPDF_SaveToStream(handle), "HPDF_SaveToStream")
        var result: [UInt8] = []
        result.reserveCapacity(Int(HPDF_GetStreamSize(handle)))
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            var size = HPDF_UINT32(chunk.count)
            let status = chunk.withUnsafeMutableBufferPointer { HPDF_ReadFromStream(handle, $0.baseAddress, &size) }
            result.append(contentsOf: chunk[0..<Int(size)])
            if status == HPDF_STATUS(HPDF_STREAM_EOF) { break }
            try check(status, "HPDF_ReadFromStream")
            if size == 0 { break }
        }
        return result
    }
}

/// The page layout state of one rendering: the current page, the cursor and the pages so far.
struct PDFLayout {
    let pdf: HaruDocument
    let document: ReportDocument
    let format: CellFormatter
    let regular: HPDF_Font
    let bold: HPDF_Font
    var pages: [HPDF_Page] = []
    var page: HPDF_Page?
    var y: Float = 0

    static let pageWidth: Float = 595.276
    static let pageHeight: Float = 841.89
    static let margin: Float = 50
    static let top: Float = pageHeight - 56
    static let bottom: Float = 64
    static var contentWidth: Float { pageWidth - 2 * margin }

    init(pdf: HaruDocument, document: ReportDocument) throws {
        self.pdf = pdf
        self.document = document
        format = CellFormatter(for: document)
        try pdf.check(HPDF_SetCompressionMode(pdf.handle, HPDF_UINT(HPDF_COMP_ALL)), "HPDF_SetCompressionMode")
        regular = try pdf.font("Helvetica")
        bold = try pdf.font("Helvetica-Bold")
        try pdf.check(HPDF_SetInfoAttr(pdf.handle, HPDF_INFO_TITLE, WinAnsi.cString(document.title)), "HPDF_SetInfoAttr")
        try pdf.check(HPDF_SetInfoAttr(pdf.handle, HPDF_INFO_CREATOR, "Tollbook"), "HPDF_SetInfoAttr")
    }

    mutating func run() throws {
        try newPage()
        try titleBlock()
        for section in document.sections {
            try ensure(13 + 8 + 30)
            y -= 10
            try text(section.heading, x: Self.margin, font: bold, size: 13)
            y -= 8
            for block in section.blocks {
                switch block {
                case let .paragraph(paragraph):
                    try wrapped(paragraph, x: Self.margin, width: Self.contentWidth, size: 10)
                    y -= 6
                case let .bullets(items):
                    for item in items {
                        try ensure(14)
                        try text("\u{2022}", x: Self.margin + 4, font: regular, size: 10, advance: false)
                        try wrapped(item, x: Self.margin + 16, width: Self.contentWidth - 16, size: 10)
                    }
                    y -= 6
                case let .table(table):
                    try self.table(table)
                    y -= 8
                case let .chart(chart):
                    try self.chart(chart)
                    y -= 8
                }
            }
        }
        try footers()
    }

    // MARK: Pages and text

    mutating func newPage() throws {
        guard let added = HPDF_AddPage(pdf.handle) else { try pdf.fail("HPDF_AddPage") }
        try pdf.check(HPDF_Page_SetSize(added, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT), "HPDF_Page_SetSize")
        pages.append(added)
        page = added
        y = Self.top
        if let watermark = document.watermark { try drawWatermark(watermark, on: added) }
    }

    /// Starts a new page unless `height` points fit above the bottom margin.
    mutating func ensure(_ height: Float) throws {
        if y - height < Self.bottom { try newPage() }
    }

    func current() throws -> HPDF_Page {
        guard let page else { try pdf.fail("page") }
        return page
    }

    func width(_ string: String, font: HPDF_Font, size: Float) throws -> Float {
        let page = try current()
        try pdf.check(HPDF_Page_SetFontAndSize(page, font, size), "HPDF_Page_SetFontAndSize")
        return HPDF_Page_TextWidth(page, WinAnsi.cString(string))
    }

    /// Writes one line at the cursor (the cursor is the line's top) and moves down unless `advance` is false.
    mutating func text(_ string: String, x: Float, font: HPDF_Font, size: Float, advance: Bool = true) throws {
        let page = try current()
        try draw(string, on: page, x: x, baseline: y - size, font: font, size: size)
        if advance { y -= size * 1.35 }
    }

    func draw(_ string: String, on page: HPDF_Page, x: Float, baseline: Float, font: HPDF_Font, size: Float) throws {
        try pdf.check(HPDF_Page_BeginText(page), "HPDF_Page_BeginText")
        try pdf.check(HPDF_Page_SetFontAndSize(page, font, size), "HPDF_Page_SetFontAndSize")
        try pdf.check(HPDF_Page_TextOut(page, x, baseline, WinAnsi.cString(string)), "HPDF_Page_TextOut")
        try pdf.check(HPDF_Page_EndText(page), "HPDF_Page_EndText")
    }

    /// Lines of at most `width` points (words longer than a line are cut by character).
    func lines(_ string: String, width: Float, font: HPDF_Font, size: Float) throws -> [String] {
        var result: [String] = []
        var line = ""
        for word in string.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = line.isEmpty ? word : line + " " + word
            // A small tolerance: column widths are measured widths plus padding, minus padding again.
            if try self.width(candidate, font: font, size: size) <= width + 0.01 {
                line = candidate
                continue
            }
            if !line.isEmpty { result.append(line) }
            line = ""
            var rest = word
            while try self.width(rest, font: font, size: size) > width + 0.01, rest.count > 1 {
                var cut = rest.count - 1
                while cut > 1, try self.width(String(rest.prefix(cut)), font: font, size: size) > width + 0.01 { cut -= 1 }
                result.append(String(rest.prefix(cut)))
                rest = String(rest.dropFirst(cut))
            }
            line = rest
        }
        if !line.isEmpty || result.isEmpty { result.append(line) }
        return result
    }

    mutating func wrapped(_ string: String, x: Float, width: Float, size: Float, font: HPDF_Font? = nil) throws {
        for line in try lines(string, width: width, font: font ?? regular, size: size) {
            try ensure(size * 1.35)
            try text(line, x: x, font: font ?? regular, size: size)
        }
    }

    mutating func rule() throws {
        let page = try current()
        try pdf.check(HPDF_Page_SetLineWidth(page, 0.5), "HPDF_Page_SetLineWidth")
        try pdf.check(HPDF_Page_MoveTo(page, Self.margin, y), "HPDF_Page_MoveTo")
        try pdf.check(HPDF_Page_LineTo(page, Self.pageWidth - Self.margin, y), "HPDF_Page_LineTo")
        try pdf.check(HPDF_Page_Stroke(page), "HPDF_Page_Stroke")
    }

    // MARK: Blocks

    mutating func titleBlock() throws {
        try wrapped(document.title, x: Self.margin, width: Self.contentWidth, size: 18, font: bold)
        if !document.subtitle.isEmpty {
            y -= 2
            try wrapped(document.subtitle, x: Self.margin, width: Self.contentWidth, size: 12)
        }
        if !document.metadata.isEmpty {
            y -= 4
            for pair in document.metadata {
                try ensure(12)
                let key = pair.key + ": "
                let keyWidth = try width(key, font: bold, size: 9)
                try text(key, x: Self.margin, font: bold, size: 9, advance: false)
                try wrapped(pair.value, x: Self.margin + keyWidth, width: Self.contentWidth - keyWidth, size: 9)
            }
        }
        y -= 4
        try rule()
        y -= 8
    }

    mutating func table(_ table: ReportDocument.Table) throws {
        let columns = table.columns
        guard !columns.isEmpty else { return }
        let size: Float = 9
        let padding: Float = 4
        let texts = table.rows.map { row in columns.indices.map { format.text($0 < row.count ? row[$0] : .empty) } }
        var widths = try columns.indices.map { index -> Float in
            var widest = try width(columns[index].title, font: bold, size: size)
            for row in texts { widest = max(widest, try width(row[index], font: regular, size: size)) }
            return widest + 2 * padding
        }
        let natural = widths.reduce(0, +)
        if natural > Self.contentWidth {
            // Narrow the wide columns first: every column keeps its longest word (text) or value
            // (numbers), but no more than its share of the page, unless it is narrower anyway.
            let share = Self.contentWidth / Float(columns.count)
            let floors = try columns.indices.map { index -> Float in
                // Days and instants are short and read badly when broken: they keep their width.
                if columns[index].kind == .timestamp || columns[index].kind == .date { return widths[index] }
                var longest: Float = 0
                if !columns[index].kind.isNumeric {
                    for row in texts {
                        for word in row[index].split(separator: " ") {
                            longest = max(longest, try width(String(word), font: regular, size: size) + 2 * padding)
                        }
                    }
                }
                return min(widths[index], max(share, min(longest, 2 * share)))
            }
            let excess = natural - Self.contentWidth
            let shrinkable = zip(widths, floors).map { max(0, $0 - $1) }.reduce(0, +)
            if shrinkable >= excess {
                widths = zip(widths, floors).map { $0 - max(0, $0 - $1) / shrinkable * excess }
            } else {
                widths = widths.map { $0 * Self.contentWidth / natural }
            }
        }
        let lineHeight = size * 1.3
        try ensure(size * 1.5 * 2 + 4)
        try header(columns, widths: widths, size: size, padding: padding)
        for row in texts {
            // Text cells wrap inside their column; numeric cells stay on one line.
            let cellLines = try columns.indices.map { index -> [String] in
                let room = widths[index] - 2 * padding
                let kind = columns[index].kind
                if kind.isNumeric || kind == .timestamp || kind == .date {
                    return [try fitted(row[index], room: room, font: regular, size: size)]
                }
                return try lines(row[index], width: room, font: regular, size: size)
            }
            let rowHeight = Float(cellLines.map(\.count).max() ?? 1) * lineHeight + size * 0.2
            if y - rowHeight < Self.bottom {
                try newPage()
                try header(columns, widths: widths, size: size, padding: padding)
            }
            try cells(cellLines, columns: columns, widths: widths, font: regular, size: size, padding: padding,
                      lineHeight: lineHeight)
            y -= rowHeight
        }
    }

    mutating func header(_ columns: [ReportDocument.Column], widths: [Float], size: Float, padding: Float) throws {
        let titles = try columns.indices.map {
            [try fitted(columns[$0].title, room: widths[$0] - 2 * padding, font: bold, size: size)]
        }
        try cells(titles, columns: columns, widths: widths, font: bold, size: size, padding: padding, lineHeight: size)
        y -= size * 1.5
        y += 2
        try rule()
        y -= 2
    }

    /// Draws one row: each cell's lines (already fitted to its column) from the cursor down.
    func cells(_ values: [[String]], columns: [ReportDocument.Column], widths: [Float], font: HPDF_Font, size: Float,
               padding: Float, lineHeight: Float) throws {
        let page = try current()
        var x = Self.margin
        for index in columns.indices {
            for (number, line) in values[index].enumerated() {
                let lineWidth = try width(line, font: font, size: size)
                let left = columns[index].kind.isNumeric ? x + widths[index] - padding - lineWidth : x + padding
                try draw(line, on: page, x: left, baseline: y - size - Float(number) * lineHeight, font: font, size: size)
            }
            x += widths[index]
        }
    }

    /// `value` cut with `…` to fit `room` points.
    func fitted(_ value: String, room: Float, font: HPDF_Font, size: Float) throws -> String {
        guard try width(value, font: font, size: size) > room + 0.01 else { return value }
        var cut = value.count
        while cut > 0, try width(String(value.prefix(cut)) + "\u{2026}", font: font, size: size) > room { cut -= 1 }
        return String(value.prefix(cut)) + "\u{2026}"
    }

    // MARK: Watermark and footers

    func drawWatermark(_ watermark: String, on page: HPDF_Page) throws {
        var size: Float = 44
        let diagonal = (Self.pageWidth * Self.pageWidth + Self.pageHeight * Self.pageHeight).squareRoot() * 0.8
        try pdf.check(HPDF_Page_SetFontAndSize(page, bold, size), "HPDF_Page_SetFontAndSize")
        var textWidth = HPDF_Page_TextWidth(page, WinAnsi.cString(watermark))
        if textWidth > diagonal {
            size = max(8, size * diagonal / textWidth)
            try pdf.check(HPDF_Page_SetFontAndSize(page, bold, size), "HPDF_Page_SetFontAndSize")
            textWidth = HPDF_Page_TextWidth(page, WinAnsi.cString(watermark))
        }
        let angle = atan2(Self.pageHeight, Self.pageWidth)
        let (cosine, sine) = (Float(cos(Double(angle))), Float(sin(Double(angle))))
        let x = Self.pageWidth / 2 - textWidth / 2 * cosine + size / 3 * sine
        let y = Self.pageHeight / 2 - textWidth / 2 * sine - size / 3 * cosine
        try pdf.check(HPDF_Page_SetRGBFill(page, 0.82, 0.82, 0.82), "HPDF_Page_SetRGBFill")
        try pdf.check(HPDF_Page_BeginText(page), "HPDF_Page_BeginText")
        try pdf.check(HPDF_Page_SetFontAndSize(page, bold, size), "HPDF_Page_SetFontAndSize")
        try pdf.check(HPDF_Page_SetTextMatrix(page, cosine, sine, -sine, cosine, x, y), "HPDF_Page_SetTextMatrix")
        try pdf.check(HPDF_Page_ShowText(page, WinAnsi.cString(watermark)), "HPDF_Page_ShowText")
        try pdf.check(HPDF_Page_EndText(page), "HPDF_Page_EndText")
        try pdf.check(HPDF_Page_SetRGBFill(page, 0, 0, 0), "HPDF_Page_SetRGBFill")
    }

    func footers() throws {
        for (index, page) in pages.enumerated() {
            let label = RendererWords.page(index + 1, of: pages.count, document.language)
            try pdf.check(HPDF_Page_SetFontAndSize(page, regular, 8), "HPDF_Page_SetFontAndSize")
            let labelWidth = HPDF_Page_TextWidth(page, WinAnsi.cString(label))
            try draw(label, on: page, x: Self.pageWidth - Self.margin - labelWidth, baseline: 36, font: regular, size: 8)
            if !document.title.isEmpty {
                let title = try fitted(document.title, room: Self.contentWidth * 0.6, font: regular, size: 8)
                try draw(title, on: page, x: Self.margin, baseline: 36, font: regular, size: 8)
            }
        }
    }
}
