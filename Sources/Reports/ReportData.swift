import Charts
import Documents
import TollbookCore

/// A report as a neutral document — a title, then sections of paragraphs and tables — so every
/// output format (JSON, CSV, the PDF of the `Documents` module) renders the same content.
public struct ReportData: Sendable, Equatable {
    /// One table: named columns, rows of text cells.
    public struct Table: Sendable, Equatable {
        /// A stable key (`calls`, `retention`, …): the JSON member and the CSV section name.
        public var key: String
        /// Column names (stable: JSON keys and CSV header).
        public var columns: [String]
        /// Rows, each with one cell per column.
        public var rows: [[String]]
        /// Column titles for people (PDF, HTML, XLSX) in the report's language; `nil`: the keys.
        public var titles: [String]?
        /// What each column holds (alignment, XLSX cell types); `nil`: text.
        public var kinds: [ReportDocument.ColumnKind]?
        /// The typed cells behind ``rows`` (PDF, HTML and XLSX write these); `nil`: text cells.
        public var cells: [[ReportDocument.Cell]]?

        /// Creates a table.
        public init(key: String, columns: [String], rows: [[String]]) {
            self.key = key
            self.columns = columns
            self.rows = rows
        }

        /// Creates a typed table: ``rows`` are the cells' machine-readable text
        /// (``ReportData/machineText(_:)``), which JSON and CSV print.
        public init(key: String, columns: [TypedColumn], cells: [[ReportDocument.Cell]]) {
            self.key = key
            self.columns = columns.map(\.key)
            titles = columns.map(\.title)
            kinds = columns.map(\.kind)
            self.cells = cells
            rows = cells.map { $0.map(ReportData.machineText) }
        }
    }

    /// A column of a typed table: its stable key, its title and what it holds.
    public struct TypedColumn: Sendable, Equatable {
        /// The stable key (JSON member, CSV header).
        public var key: String
        /// The title in the report's language.
        public var title: String
        /// What the column holds.
        public var kind: ReportDocument.ColumnKind

        /// A column.
        public init(key: String, title: String, kind: ReportDocument.ColumnKind = .text) {
            self.key = key
            self.title = title
            self.kind = kind
        }
    }

    /// One section: a heading, paragraphs, tables.
    public struct Section: Sendable, Equatable {
        /// A stable key (`confirmation`, `data`, `processing`).
        public var key: String
        /// The heading.
        public var title: String
        /// Paragraphs of text.
        public var paragraphs: [String]
        /// Tables.
        public var tables: [Table]
        /// Charts, drawn after the tables (PDF, HTML); JSON, CSV and XLSX leave them out.
        public var charts: [Chart]

        /// Creates a section.
        public init(key: String, title: String, paragraphs: [String] = [], tables: [Table] = [], charts: [Chart] = []) {
            self.key = key
            self.title = title
            self.paragraphs = paragraphs
            self.tables = tables
            self.charts = charts
        }
    }

    /// The title.
    public var title: String
    /// The sections, in order.
    public var sections: [Section]

    /// Creates a document.
    public init(title: String, sections: [Section]) {
        self.title = title
        self.sections = sections
    }

    /// The table with `key`, in whichever section holds it.
    public func table(_ key: String) -> Table? {
        for section in sections { if let table = section.tables.first(where: { $0.key == key }) { return table } }
        return nil
    }
}

extension ReportData {
    /// A cell as machine-readable text (JSON, CSV): integers as digits, decimals and money with
    /// `.` and no grouping (`1234.56`, the currency is a column of its own), durations in whole
    /// seconds, instants in ISO 8601 UTC (`2025-03-03T09:00:00Z`), days `YYYY-MM-DD`, percentages
    /// as a number with two decimals (`12.50`), withheld cells as their text (`< 5`).
    public static func machineText(_ cell: ReportDocument.Cell) -> String {
        switch cell {
        case .empty: return ""
        case let .text(text), let .withheld(text): return text
        case let .integer(value): return String(value)
        case let .decimal(units, scale): return decimal(units, scale: scale)
        case let .money(minor, _): return decimal(minor, scale: 2)
        case let .duration(seconds): return String(seconds)
        case let .timestamp(ms): return UTCTimestamp.iso8601(milliseconds: ms)
        case let .date(year, month, day):
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
            return "\(year)-\(two(month))-\(two(day))"
        case let .percent(hundredths): return decimal(hundredths, scale: 2)
        }
    }

    /// `units` × 10^-`scale` with `.` as the separator.
    static func decimal(_ units: Int64, scale: Int) -> String {
        guard scale > 0 else { return String(units) }
        let digits = String(units.magnitude)
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        return (units < 0 ? "-" : "") + padded.dropLast(scale) + "." + padded.suffix(scale)
    }
}
