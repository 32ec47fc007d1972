import Charts
import Foundation

/// The language a document is written in: it picks the words the renderers add themselves
/// ("Seite 3 von 7" / "Page 3 of 7") and how numbers, money and dates are written.
public enum DocumentLanguage: String, Sendable, CaseIterable {
    /// German: `1.234,56 EUR`, `31.03.2025`, "Seite 3 von 7".
    case de
    /// English: `1,234.56 EUR`, `2025-03-31`, "Page 3 of 7".
    case en
}

/// A report or export independent of its output format: a title block, metadata pairs, an
/// optional watermark and sections of headings, paragraphs, bullet lists and typed tables.
/// Renderers (``MarkdownRenderer``, ``PDFRenderer``) turn it into bytes; a new format is a new
/// renderer over the same value.
public struct ReportDocument: Sendable, Equatable {
    /// The title (first line of the title block, the PDF's title attribute).
    public var title: String
    /// A line under the title (may be empty).
    public var subtitle: String
    /// Key–value pairs under the title (period, generated at, configuration file …), in order.
    public var metadata: [(key: String, value: String)]
    /// Text printed diagonally on every page (the four-eyes unlock output), or `nil`.
    public var watermark: String?
    /// The language of the document.
    public var language: DocumentLanguage
    /// The time zone timestamps are written in.
    public var timeZone: TimeZone
    /// The body.
    public var sections: [Section]
    /// How money cells name their currency (`1.234,56 EUR` or `1.234,56 €`).
    public var currencyStyle: CurrencyStyle = .code

    /// A document with a title and nothing else yet.
    public init(title: String, subtitle: String = "", metadata: [(key: String, value: String)] = [],
                watermark: String? = nil, language: DocumentLanguage = .en,
                timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current, sections: [Section] = []) {
        self.title = title
        self.subtitle = subtitle
        self.metadata = metadata
        self.watermark = watermark
        self.language = language
        self.timeZone = timeZone
        self.sections = sections
    }

    /// Two documents are equal when every part is.
    public static func == (lhs: ReportDocument, rhs: ReportDocument) -> Bool {
        lhs.title == rhs.title && lhs.subtitle == rhs.subtitle && lhs.watermark == rhs.watermark
            && lhs.language == rhs.language && lhs.timeZone == rhs.timeZone && lhs.sections == rhs.sections
            && lhs.currencyStyle == rhs.currencyStyle
            && lhs.metadata.map(\.key) == rhs.metadata.map(\.key) && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
    }

    /// A heading with its blocks.
    public struct Section: Sendable, Equatable {
        /// The heading.
        public var heading: String
        /// The blocks, in order.
        public var blocks: [Block]

        /// A section.
        public init(heading: String, blocks: [Block] = []) {
            self.heading = heading
            self.blocks = blocks
        }
    }

    /// One block of a section.
    public enum Block: Sendable, Equatable {
        /// A paragraph (wrapped to the page width).
        case paragraph(String)
        /// A bullet list.
        case bullets([String])
        /// A table.
        case table(Table)
        /// A chart (vector graphics in PDF, inline SVG in HTML, its title in Markdown).
        case chart(Chart)
    }

    /// A table: typed columns and rows of cells.
    public struct Table: Sendable, Equatable {
        /// The columns.
        public var columns: [Column]
        /// The rows; each has one cell per column (missing cells are empty, extra ones ignored).
        public var rows: [[Cell]]

        /// A table.
        public init(columns: [Column], rows: [[Cell]] = []) {
            self.columns = columns
            self.rows = rows
        }
    }

    /// A table column: its title and the kind of values, which decides alignment (numbers right).
    public struct Column: Sendable, Equatable {
        /// The header text.
        public var title: String
        /// What the column holds.
        public var kind: ColumnKind

        /// A column.
        public init(_ title: String, _ kind: ColumnKind = .text) {
            self.title = title
            self.kind = kind
        }
    }

    /// What a column holds.
    public enum ColumnKind: Sendable, Equatable {
        /// Text (left-aligned).
        case text
        /// Whole numbers.
        case integer
        /// Decimal numbers.
        case decimal
        /// Money in minor units.
        case money
        /// Durations.
        case duration
        /// Instants.
        case timestamp
        /// Calendar days.
        case date
        /// Percentages.
        case percent

        /// Whether values are right-aligned (every numeric kind).
        public var isNumeric: Bool {
            switch self {
            case .text, .timestamp, .date: return false
            case .integer, .decimal, .money, .duration, .percent: return true
            }
        }
    }

    /// One typed value of a table.
    public enum Cell: Sendable, Equatable {
        /// Nothing.
        case empty
        /// Text.
        case text(String)
        /// A whole number.
        case integer(Int64)
        /// `units` × 10^-`scale` (`decimal(12345, scale: 2)` is 123.45), exact.
        case decimal(Int64, scale: Int)
        /// An amount in minor units of `currency` (two decimals).
        case money(minor: Int64, currency: String)
        /// A duration in seconds, written `h:mm:ss` (or `m:ss` under an hour).
        case duration(seconds: Int64)
        /// An instant, UTC milliseconds, written in the document's time zone to the minute.
        case timestamp(ms: Int64)
        /// A calendar day, `YYYY-MM-DD` (written `DD.MM.YYYY` in German).
        case date(year: Int, month: Int, day: Int)
        /// A percentage in hundredths of a percent (`percent(hundredths: 1250)` is 12.50 %).
        case percent(hundredths: Int64)
        /// A value withheld (minimum group size, complementary suppression): the text shown instead, e.g. `< 5`.
        case withheld(String)
    }
}

/// How a money cell names its currency.
public enum CurrencyStyle: String, Sendable, Equatable {
    /// The ISO code after the amount in every language: `1.234,56 EUR`, `1,234.56 EUR`.
    case code
    /// The symbol where the currency has one (€, $, £; others keep the code), placed per language:
    /// German `1.234,56 €`, English `€1,234.56`.
    case symbol

    /// The symbol of `currency` (`EUR` → `€`), or `nil` when it has none here.
    public static func symbol(of currency: String) -> String? {
        switch currency.uppercased() {
        case "EUR": return "\u{20AC}"
        case "USD": return "$"
        case "GBP": return "\u{00A3}"
        default: return nil
        }
    }
}
