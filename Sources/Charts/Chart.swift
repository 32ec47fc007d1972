/// A chart as data: its kind, title, categories, series and axis titles. ``ChartLayout`` turns it
/// into drawing primitives (``ChartShape``) in a fixed coordinate space; ``SVGChartRenderer``
/// writes those as SVG text and the `Documents` module draws the same primitives as PDF vector
/// graphics, so every channel (PDF, HTML, mail, the web UI) shows the same picture.
public struct Chart: Sendable, Equatable {
    /// What is drawn.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Vertical bars, one group per category, one bar per series.
        case bar
        /// One vertical bar per category, the series stacked (negative values count as 0).
        case stackedBar
        /// One line per series through the categories.
        case line
        /// One wedge per category (the first series; negative values count as 0).
        case pie
        /// A pie with a hole (inner radius 55 % of the outer).
        case donut
    }

    /// One series of values, one per category (missing values count as 0).
    public struct Series: Sendable, Equatable {
        /// The legend text.
        public var name: String
        /// The values, in category order.
        public var values: [Double]
        /// The colour; `nil` takes the palette's colour of the series' position.
        public var color: ChartColor?

        /// A series.
        public init(name: String, values: [Double], color: ChartColor? = nil) {
            self.name = name
            self.values = values
            self.color = color
        }
    }

    /// The kind.
    public var kind: Kind
    /// The title above the plot ("" for none).
    public var title: String
    /// The category labels (x axis of bar and line charts, wedges of pies).
    public var categories: [String]
    /// The series.
    public var series: [Series]
    /// The title of the category axis ("" for none).
    public var xAxisTitle: String
    /// The title of the value axis ("" for none), written above the axis.
    public var yAxisTitle: String
    /// How tick labels and values are written.
    public var numberFormat: ChartNumberFormat
    /// The width of the drawing in points (SVG user units).
    public var width: Double
    /// The height of the drawing in points (SVG user units).
    public var height: Double

    /// A chart.
    public init(kind: Kind, title: String = "", categories: [String], series: [Series], xAxisTitle: String = "",
                yAxisTitle: String = "", numberFormat: ChartNumberFormat = .english, width: Double = 640,
                height: Double = 360) {
        self.kind = kind
        self.title = title
        self.categories = categories
        self.series = series
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.numberFormat = numberFormat
        self.width = width
        self.height = height
    }

    /// The colour series `index` is drawn in (its own, else the palette's).
    public func color(ofSeries index: Int) -> ChartColor {
        series.indices.contains(index) ? series[index].color ?? ChartColor.palette(index) : ChartColor.palette(index)
    }
}

/// An sRGB colour.
public struct ChartColor: Sendable, Equatable {
    /// Red, 0–255.
    public var red: UInt8
    /// Green, 0–255.
    public var green: UInt8
    /// Blue, 0–255.
    public var blue: UInt8

    /// A colour.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb`, lower case.
    public var hex: String {
        "#" + [red, green, blue].map { value in
            let text = String(value, radix: 16)
            return value < 16 ? "0" + text : text
        }.joined()
    }

    /// Black.
    public static let black = ChartColor(red: 0, green: 0, blue: 0)
    /// The grey of axes and grid lines.
    public static let grid = ChartColor(red: 0xcc, green: 0xcc, blue: 0xcc)
    /// The grey of axis labels.
    public static let label = ChartColor(red: 0x33, green: 0x33, blue: 0x33)
    /// White.
    public static let white = ChartColor(red: 0xff, green: 0xff, blue: 0xff)

    private static let colors: [ChartColor] = [
        ChartColor(red: 0x1f, green: 0x77, blue: 0xb4), ChartColor(red: 0xff, green: 0x7f, blue: 0x0e),
        ChartColor(red: 0x2c, green: 0xa0, blue: 0x2c), ChartColor(red: 0xd6, green: 0x27, blue: 0x28),
        ChartColor(red: 0x94, green: 0x67, blue: 0xbd), ChartColor(red: 0x8c, green: 0x56, blue: 0x4b),
        ChartColor(red: 0xe3, green: 0x77, blue: 0xc2), ChartColor(red: 0x7f, green: 0x7f, blue: 0x7f),
    ]

    /// The palette's colour number `index` (eight colours, repeated).
    public static func palette(_ index: Int) -> ChartColor { colors[((index % colors.count) + colors.count) % colors.count] }
}

/// How numbers on a chart are written: the decimal and grouping separators of the report's language.
public struct ChartNumberFormat: Sendable, Equatable {
    /// The decimal separator.
    public var decimalSeparator: String
    /// The thousands separator.
    public var groupSeparator: String

    /// A format.
    public init(decimalSeparator: String, groupSeparator: String) {
        self.decimalSeparator = decimalSeparator
        self.groupSeparator = groupSeparator
    }

    /// `1,234.5`.
    public static let english = ChartNumberFormat(decimalSeparator: ".", groupSeparator: ",")
    /// `1.234,5`.
    public static let german = ChartNumberFormat(decimalSeparator: ",", groupSeparator: ".")

    /// `value` with `decimals` digits after the separator, grouped by thousands.
    public func text(_ value: Double, decimals: Int) -> String {
        let places = max(0, min(decimals, 9))
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled.isFinite, scaled < 9e17 else { return String(value) }
        let units = Int64(scaled)
        let whole = units / Int64(scale)
        var digits = ""
        let wholeText = String(whole)
        for (index, digit) in wholeText.enumerated() {
            if index > 0 && (wholeText.count - index) % 3 == 0 { digits += groupSeparator }
            digits.append(digit)
        }
        if places > 0 {
            let fraction = String(units % Int64(scale))
            digits += decimalSeparator + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return (value < 0 && units != 0 ? "-" : "") + digits
    }
}
