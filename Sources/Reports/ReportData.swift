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

        /// Creates a table.
        public init(key: String, columns: [String], rows: [[String]]) {
            self.key = key
            self.columns = columns
            self.rows = rows
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

        /// Creates a section.
        public init(key: String, title: String, paragraphs: [String] = [], tables: [Table] = []) {
            self.key = key
            self.title = title
            self.paragraphs = paragraphs
            self.tables = tables
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
