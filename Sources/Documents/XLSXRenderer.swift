import Charts
import CXlsxWriter
import Foundation

/// Writes a ``ReportDocument`` as an Excel workbook (XLSX) through libxlsxwriter: one worksheet
/// per table (named after its section, cut to Excel's 31 characters), the column titles in bold
/// in the first row (frozen, with filter buttons), columns as wide as their widest value, then
/// one row per table row with **typed cells**:
///
/// | cell | written as | number format |
/// |---|---|---|
/// | integer | number | `#,##0` |
/// | decimal | number | `#,##0.00` (as many decimals as the scale) |
/// | money | number (major units) | `#,##0.00 "€"` (German) / `"€"#,##0.00` (English); the code for currencies without a symbol |
/// | duration | Excel time (days) | `[h]:mm:ss` |
/// | timestamp | Excel date-time in the document's time zone | `dd.mm.yyyy hh:mm` / `yyyy-mm-dd hh:mm` |
/// | date | Excel date | `dd.mm.yyyy` / `yyyy-mm-dd` |
/// | percent | fraction (12.5 % is 0.125) | `0.00%` |
/// | text, withheld | string | — |
///
/// Charts become native Excel charts on the sheet of their section's last table (a sheet of
/// their own when the section has no table): the chart's data — its categories and every series,
/// the same numbers the PDF draws — is written as a small table one column right of the report's
/// table (a title row, then one row per category), and the chart, inserted right of that block,
/// refers to those cells (bars as Excel column charts, stacked bars, lines, pies and doughnuts;
/// the series in the palette's colours). Paragraphs are not written.
public struct XLSXRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The workbook's bytes. libxlsxwriter writes files only: the workbook is written to a
    /// private temporary directory, read back and removed.
    /// - Throws: ``DocumentsError/xlsxLibrary(operation:message:)``, ``DocumentsError/cannotWrite(path:reason:)``.
    public func render(_ document: ReportDocument) throws -> [UInt8] {
        var template = Array((NSTemporaryDirectory() + "/tollbook-xlsx-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw DocumentsError.cannotWrite(path: NSTemporaryDirectory(), reason: String(cString: strerror(errno)))
        }
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/report.xlsx"
        try write(document, to: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DocumentsError.cannotWrite(path: path, reason: "the workbook was not written")
        }
        return [UInt8](data)
    }

    /// Writes the workbook to `path` (replacing it).
    /// - Throws: ``DocumentsError/xlsxLibrary(operation:message:)``.
    public func write(_ document: ReportDocument, to path: String) throws {
        guard let workbook = workbook_new(path) else {
            throw DocumentsError.xlsxLibrary(operation: "workbook_new", message: "cannot create the workbook")
        }
        var writer = XLSXWriter(workbook: workbook, document: document)
        do {
            try writer.writeTables()
        } catch {
            _ = workbook_close(workbook)
            throw error
        }
        let result = workbook_close(workbook)
        guard result == LXW_NO_ERROR else {
            throw DocumentsError.xlsxLibrary(operation: "workbook_close", message: String(cString: lxw_strerror(result)))
        }
    }
}

/// The state of one workbook being written: its formats, created once each.
struct XLSXWriter {
    let workbook: UnsafeMutablePointer<lxw_workbook>
    let document: ReportDocument
    var formats: [String: UnsafeMutablePointer<lxw_format>] = [:]
    var sheetNames: Set<String> = []

    init(workbook: UnsafeMutablePointer<lxw_workbook>, document: ReportDocument) {
        self.workbook = workbook
        self.document = document
    }

    var german: Bool { document.language == .de }

    /// The format with number format `pattern` (and bold), created on first use.
    mutating func format(_ pattern: String, bold: Bool = false) throws -> UnsafeMutablePointer<lxw_format> {
        let key = (bold ? "b:" : "n:") + pattern
        if let format = formats[key] { return format }
        guard let format = workbook_add_format(workbook) else {
            throw DocumentsError.xlsxLibrary(operation: "workbook_add_format", message: "out of memory")
        }
        if !pattern.isEmpty { format_set_num_format(format, pattern) }
        if bold { format_set_bold(format) }
        formats[key] = format
        return format
    }

    /// The number format of money in `currency`.
    func moneyPattern(_ currency: String) -> String {
        let unit = (CurrencyStyle.symbol(of: currency) ?? currency).replacingOccurrences(of: "\"", with: "")
        return german ? "#,##0.00 \"\(unit)\"" : "\"\(unit)\"#,##0.00"
    }

    /// A unique worksheet name from `heading`: Excel's forbidden characters replaced, at most 31 characters.
    mutating func sheetName(_ heading: String, number: Int) -> String {
        var name = String(heading.map { "[]:*?/\\".contains($0) ? "_" : $0 }.prefix(31))
            .trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        if name.isEmpty { name = "Sheet\(number)" }
        var candidate = name
        var suffix = 2
        while sheetNames.contains(candidate.lowercased()) {
            candidate = String(name.prefix(31 - String(suffix).count - 1)) + "_\(suffix)"
            suffix += 1
        }
        sheetNames.insert(candidate.lowercased())
        return candidate
    }

    mutating func writeTables() throws {
        var number = 0
        for section in document.sections {
            var last: (sheet: UnsafeMutablePointer<lxw_worksheet>, name: String, columns: Int)?
            var charts: [Chart] = []
            for block in section.blocks {
                if case let .chart(chart) = block { charts.append(chart) }
                guard case let .table(table) = block else { continue }
                number += 1
                let name = sheetName(section.heading.isEmpty ? document.title : section.heading, number: number)
                guard let sheet = workbook_add_worksheet(workbook, name) else {
                    throw DocumentsError.xlsxLibrary(operation: "workbook_add_worksheet", message: "refused the sheet name")
                }
                try write(table, on: sheet)
                last = (sheet, name, table.columns.count)
            }
            let drawable = charts.filter { !$0.categories.isEmpty && !$0.series.isEmpty }
            guard !drawable.isEmpty else { continue }
            if last == nil {
                number += 1
                let name = sheetName(section.heading.isEmpty ? document.title : section.heading, number: number)
                guard let sheet = workbook_add_worksheet(workbook, name) else {
                    throw DocumentsError.xlsxLibrary(operation: "workbook_add_worksheet", message: "refused the sheet name")
                }
                last = (sheet, name, -1)
            }
            if let target = last {
                var row = 0
                for chart in drawable {
                    row = try insert(chart, on: target.sheet, named: target.name, row: row, column: target.columns + 1)
                }
            }
        }
        if number == 0 {
            guard workbook_add_worksheet(workbook, nil) != nil else {
                throw DocumentsError.xlsxLibrary(operation: "workbook_add_worksheet", message: "cannot add a sheet")
            }
        }
    }

    mutating func write(_ table: ReportDocument.Table, on sheet: UnsafeMutablePointer<lxw_worksheet>) throws {
        let header = try format("", bold: true)
        let text = CellFormatter(for: document)
        for (column, title) in table.columns.enumerated() {
            try check(worksheet_write_string(sheet, 0, lxw_col_t(column), title.title, header), "worksheet_write_string")
            // As wide as the widest title or value as the PDF writes it (10 to 50 characters).
            let widest = table.rows.reduce(title.title.count) { widest, row in
                max(widest, column < row.count ? text.text(row[column]).count : 0)
            }
            let width = max(10, min(50, Double(widest) + 2))
            try check(worksheet_set_column(sheet, lxw_col_t(column), lxw_col_t(column), width, nil), "worksheet_set_column")
        }
        // The title row stays in view when scrolling, with filter buttons on it.
        worksheet_freeze_panes(sheet, 1, 0)
        if !table.columns.isEmpty {
            try check(worksheet_autofilter(sheet, 0, 0, lxw_row_t(table.rows.count), lxw_col_t(table.columns.count - 1)),
                      "worksheet_autofilter")
        }
        for (index, row) in table.rows.enumerated() {
            let line = lxw_row_t(index + 1)
            for column in table.columns.indices {
                let cell = column < row.count ? row[column] : .empty
                try write(cell, on: sheet, row: line, column: lxw_col_t(column))
            }
        }
    }

    mutating func write(_ cell: ReportDocument.Cell, on sheet: UnsafeMutablePointer<lxw_worksheet>, row: lxw_row_t,
                        column: lxw_col_t) throws {
        switch cell {
        case .empty:
            return
        case let .text(text), let .withheld(text):
            try check(worksheet_write_string(sheet, row, column, text, nil), "worksheet_write_string")
        case let .integer(value):
            try check(worksheet_write_number(sheet, row, column, Double(value), try format("#,##0")), "worksheet_write_number")
        case let .decimal(units, scale):
            let pattern = scale > 0 ? "#,##0." + String(repeating: "0", count: min(scale, 15)) : "#,##0"
            try check(worksheet_write_number(sheet, row, column, Self.scaled(units, scale), try format(pattern)),
                      "worksheet_write_number")
        case let .money(minor, currency):
            try check(worksheet_write_number(sheet, row, column, Self.scaled(minor, 2), try format(moneyPattern(currency))),
                      "worksheet_write_number")
        case let .duration(seconds):
            try check(worksheet_write_number(sheet, row, column, Double(seconds) / 86_400, try format("[h]:mm:ss")),
                      "worksheet_write_number")
        case let .percent(hundredths):
            try check(worksheet_write_number(sheet, row, column, Self.scaled(hundredths, 4), try format("0.00%")),
                      "worksheet_write_number")
        case let .date(year, month, day):
            var value = lxw_datetime(year: Int32(year), month: Int32(month), day: Int32(day), hour: 0, min: 0, sec: 0)
            try check(worksheet_write_datetime(sheet, row, column, &value, try format(german ? "dd.mm.yyyy" : "yyyy-mm-dd")),
                      "worksheet_write_datetime")
        case let .timestamp(ms):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = document.timeZone
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                                                from: Date(timeIntervalSince1970: Double(ms) / 1000))
            var value = lxw_datetime(year: Int32(parts.year ?? 1900), month: Int32(parts.month ?? 1),
                                     day: Int32(parts.day ?? 1), hour: Int32(parts.hour ?? 0),
                                     min: Int32(parts.minute ?? 0), sec: Double(parts.second ?? 0))
            try check(worksheet_write_datetime(sheet, row, column, &value,
                                               try format(german ? "dd.mm.yyyy hh:mm" : "yyyy-mm-dd hh:mm")),
                      "worksheet_write_datetime")
        }
    }

    /// Writes `chart`'s data at (`row`, `column`) — a title row (the category axis title, then the
    /// series names), then one row per category — and inserts a native chart referring to it,
    /// right of the block. Returns the first free row below the block and its chart.
    mutating func insert(_ chart: Chart, on sheet: UnsafeMutablePointer<lxw_worksheet>, named name: String,
                         row: Int, column: Int) throws -> Int {
        let header = try format("", bold: true)
        let first = lxw_row_t(row)
        let left = lxw_col_t(column)
        try check(worksheet_write_string(sheet, first, left, chart.xAxisTitle, header), "worksheet_write_string")
        for (index, series) in chart.series.enumerated() {
            try check(worksheet_write_string(sheet, first, left + lxw_col_t(index + 1), series.name, header), "worksheet_write_string")
        }
        for (index, category) in chart.categories.enumerated() {
            let line = first + lxw_row_t(index + 1)
            try check(worksheet_write_string(sheet, line, left, category, nil), "worksheet_write_string")
            for (offset, series) in chart.series.enumerated() {
                let value = index < series.values.count ? series.values[index] : 0
                try check(worksheet_write_number(sheet, line, left + lxw_col_t(offset + 1), value, nil), "worksheet_write_number")
            }
        }
        let type: lxw_chart_type
        switch chart.kind {
        case .bar: type = LXW_CHART_COLUMN
        case .stackedBar: type = LXW_CHART_COLUMN_STACKED
        case .line: type = LXW_CHART_LINE
        case .pie: type = LXW_CHART_PIE
        case .donut: type = LXW_CHART_DOUGHNUT
        }
        guard let excel = workbook_add_chart(workbook, UInt8(type.rawValue)) else {
            throw DocumentsError.xlsxLibrary(operation: "workbook_add_chart", message: "cannot add the chart")
        }
        let last = first + lxw_row_t(chart.categories.count)
        // Pies show one series (the first), as the PDF does.
        let shown = chart.kind == .pie || chart.kind == .donut ? Array(chart.series.prefix(1)) : chart.series
        for index in shown.indices {
            guard let series = chart_add_series(excel, nil, nil) else {
                throw DocumentsError.xlsxLibrary(operation: "chart_add_series", message: "cannot add a series")
            }
            let valueColumn = left + lxw_col_t(index + 1)
            chart_series_set_categories(series, name, first + 1, left, last, left)
            chart_series_set_values(series, name, first + 1, valueColumn, last, valueColumn)
            chart_series_set_name_range(series, name, first, valueColumn)
            let color = chart.color(ofSeries: index)
            let rgb = lxw_color_t(color.red) << 16 | lxw_color_t(color.green) << 8 | lxw_color_t(color.blue)
            switch chart.kind {
            case .line:
                var stroke = lxw_chart_line()
                stroke.color = rgb
                stroke.width = 2.25
                chart_series_set_line(series, &stroke)
            case .bar, .stackedBar:
                var fill = lxw_chart_fill()
                fill.color = rgb
                chart_series_set_fill(series, &fill)
            case .pie, .donut:
                break
            }
        }
        if !chart.title.isEmpty { chart_title_set_name(excel, chart.title) }
        if chart.kind != .pie && chart.kind != .donut {
            if !chart.xAxisTitle.isEmpty { chart_axis_set_name(excel.pointee.x_axis, chart.xAxisTitle) }
            if !chart.yAxisTitle.isEmpty { chart_axis_set_name(excel.pointee.y_axis, chart.yAxisTitle) }
        }
        try check(worksheet_insert_chart(sheet, first, left + lxw_col_t(chart.series.count + 1), excel), "worksheet_insert_chart")
        // The next chart starts below this one's data and drawing (about 15 rows high).
        return Int(last) + max(2, 17 - chart.categories.count)
    }

    /// `units` × 10^-`scale` as a double, divided exactly once.
    static func scaled(_ units: Int64, _ scale: Int) -> Double {
        var divisor = 1.0
        for _ in 0..<max(0, scale) { divisor *= 10 }
        return Double(units) / divisor
    }

    func check(_ result: lxw_error, _ operation: String) throws {
        guard result == LXW_NO_ERROR else {
            throw DocumentsError.xlsxLibrary(operation: operation, message: String(cString: lxw_strerror(result)))
        }
    }
}

extension XLSXRenderer: DocumentRendering {
    /// `xlsx`.
    public var fileExtension: String { "xlsx" }
    /// The workbook (see ``XLSXRenderer/render(_:)``).
    public func bytes(for document: ReportDocument) throws -> [UInt8] { try render(document) }
}
