import Foundation

/// A point of the drawing (y grows downwards, as in SVG).
public struct ChartPoint: Sendable, Equatable {
    /// x.
    public var x: Double
    /// y.
    public var y: Double

    /// A point.
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// Where a text's x coordinate is.
public enum ChartTextAnchor: String, Sendable, Equatable {
    /// x is the text's left edge.
    case start
    /// x is the text's centre.
    case middle
    /// x is the text's right edge.
    case end
}

/// One drawing primitive of a chart, in the chart's coordinate space (origin top left, y down,
/// `Chart.width` × `Chart.height`). Renderers draw these and nothing else.
public enum ChartShape: Sendable, Equatable {
    /// A filled rectangle; (x, y) is its top-left corner.
    case rect(x: Double, y: Double, width: Double, height: Double, fill: ChartColor)
    /// A straight line.
    case line(from: ChartPoint, to: ChartPoint, stroke: ChartColor, width: Double)
    /// An open polyline.
    case polyline(points: [ChartPoint], stroke: ChartColor, width: Double)
    /// A filled pie wedge (or ring segment when `innerRadius` > 0) from `startDegrees` to
    /// `endDegrees`, measured clockwise from twelve o'clock.
    case wedge(center: ChartPoint, radius: Double, innerRadius: Double, startDegrees: Double, endDegrees: Double,
               fill: ChartColor)
    /// One line of text; y is its baseline.
    case text(String, at: ChartPoint, size: Double, anchor: ChartTextAnchor, bold: Bool, fill: ChartColor)
}

/// A value axis: ticks at "nice" numbers (1, 2 or 5 × 10ⁿ apart) from 0 (or below, for negative
/// values) to at least the largest value.
public struct NiceScale: Sendable, Equatable {
    /// The axis' lowest value (a tick).
    public let minimum: Double
    /// The axis' highest value (a tick).
    public let maximum: Double
    /// The distance between ticks.
    public let step: Double

    /// The scale for values from `low` to `high` with about `ticks` ticks (at least 2).
    public init(low: Double, high: Double, ticks: Int = 5) {
        let low = min(0, low.isFinite ? low : 0)
        var high = max(0, high.isFinite ? high : 0)
        if high == low { high = low + 1 }
        let range = Self.nice(high - low, round: false)
        let step = Self.nice(range / Double(max(1, ticks - 1)), round: true)
        self.step = step
        minimum = (low / step).rounded(.down) * step
        maximum = (high / step).rounded(.up) * step
    }

    /// The tick values, from ``minimum`` to ``maximum``.
    public var ticks: [Double] {
        let count = Int(((maximum - minimum) / step).rounded())
        return (0...max(0, count)).map { minimum + Double($0) * step }
    }

    /// Digits after the decimal separator that tick labels need.
    public var decimals: Int { max(0, -Int(log10(step).rounded(.down))) }

    /// A nice number near `value`: 1, 2, 5 or 10 × 10ⁿ (rounded to the nearest, or the next above).
    static func nice(_ value: Double, round: Bool) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let exponent = log10(value).rounded(.down)
        let power = pow(10, exponent)
        let fraction = value / power
        let niceFraction: Double
        if round {
            niceFraction = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return niceFraction * power
    }
}

/// Lays a ``Chart`` out as ``ChartShape``s: title on top, the value axis with nice ticks and grid
/// lines on the left, category labels under the plot, the legend at the bottom. Deterministic:
/// the same chart gives the same shapes.
public enum ChartLayout {
    /// Top of the plot area below the title.
    static let plotTop = 48.0
    /// Room left of the plot for tick labels.
    static let plotLeft = 64.0
    /// Room right of the plot.
    static let plotRight = 16.0
    /// Room below the plot for category labels, the axis title and the legend.
    static let plotBottom = 64.0

    /// The plot area (inside the axes) of `chart`: x, y (top), width, height.
    public static func plotArea(of chart: Chart) -> (x: Double, y: Double, width: Double, height: Double) {
        (plotLeft, plotTop, max(1, chart.width - plotLeft - plotRight), max(1, chart.height - plotTop - plotBottom))
    }

    /// The shapes of `chart`, in drawing order.
    public static func shapes(of chart: Chart) -> [ChartShape] {
        var shapes: [ChartShape] = []
        if !chart.title.isEmpty {
            shapes.append(.text(chart.title, at: ChartPoint(x: chart.width / 2, y: 24), size: 14, anchor: .middle,
                                bold: true, fill: .black))
        }
        switch chart.kind {
        case .bar, .stackedBar, .line: shapes += axes(chart)
        case .pie, .donut: shapes += pie(chart)
        }
        return shapes
    }

    /// The value range the bars or lines need.
    static func valueRange(_ chart: Chart) -> (low: Double, high: Double) {
        var low = 0.0, high = 0.0
        if chart.kind == .stackedBar {
            for index in chart.categories.indices {
                high = max(high, chart.series.reduce(0) { $0 + max(0, value($1, index)) })
            }
        } else {
            for series in chart.series {
                for index in chart.categories.indices {
                    low = min(low, value(series, index))
                    high = max(high, value(series, index))
                }
            }
        }
        return (low, high)
    }

    static func value(_ series: Chart.Series, _ index: Int) -> Double {
        index < series.values.count && series.values[index].isFinite ? series.values[index] : 0
    }

    static func axes(_ chart: Chart) -> [ChartShape] {
        var shapes: [ChartShape] = []
        let area = plotArea(of: chart)
        let range = valueRange(chart)
        let scale = NiceScale(low: range.low, high: range.high)
        let bottom = area.y + area.height
        func y(_ value: Double) -> Double { bottom - (value - scale.minimum) / (scale.maximum - scale.minimum) * area.height }
        // Grid lines and tick labels.
        for tick in scale.ticks {
            let at = y(tick)
            shapes.append(.line(from: ChartPoint(x: area.x, y: at), to: ChartPoint(x: area.x + area.width, y: at),
                                stroke: .grid, width: 0.5))
            shapes.append(.text(chart.numberFormat.text(tick, decimals: scale.decimals),
                                at: ChartPoint(x: area.x - 6, y: at + 3.5), size: 10, anchor: .end, bold: false, fill: .label))
        }
        if !chart.yAxisTitle.isEmpty {
            shapes.append(.text(chart.yAxisTitle, at: ChartPoint(x: area.x, y: area.y - 8), size: 10, anchor: .start,
                                bold: false, fill: .label))
        }
        let count = max(1, chart.categories.count)
        let slot = area.width / Double(count)
        let zero = y(0)
        for (index, category) in chart.categories.enumerated() {
            let left = area.x + Double(index) * slot
            switch chart.kind {
            case .bar:
                let bars = max(1, chart.series.count)
                let barWidth = slot * 0.7 / Double(bars)
                for (number, series) in chart.series.enumerated() {
                    let value = value(series, index)
                    let top = min(y(value), zero)
                    shapes.append(.rect(x: left + slot * 0.15 + Double(number) * barWidth, y: top, width: barWidth,
                                        height: abs(zero - y(value)), fill: chart.color(ofSeries: number)))
                }
            case .stackedBar:
                var base = 0.0
                for (number, series) in chart.series.enumerated() {
                    let value = max(0, value(series, index))
                    guard value > 0 else { continue }
                    shapes.append(.rect(x: left + slot * 0.15, y: y(base + value), width: slot * 0.7,
                                        height: y(base) - y(base + value), fill: chart.color(ofSeries: number)))
                    base += value
                }
            case .line, .pie, .donut:
                break
            }
            shapes.append(.text(fitted(category, room: slot, size: 10), at: ChartPoint(x: left + slot / 2, y: bottom + 14),
                                size: 10, anchor: .middle, bold: false, fill: .label))
        }
        if chart.kind == .line {
            for (number, series) in chart.series.enumerated() {
                let points = chart.categories.indices.map {
                    ChartPoint(x: area.x + (Double($0) + 0.5) * slot, y: y(value(series, $0)))
                }
                shapes.append(.polyline(points: points, stroke: chart.color(ofSeries: number), width: 2))
            }
        }
        // The axes themselves, over the bars.
        shapes.append(.line(from: ChartPoint(x: area.x, y: area.y), to: ChartPoint(x: area.x, y: bottom),
                            stroke: .label, width: 1))
        shapes.append(.line(from: ChartPoint(x: area.x, y: zero), to: ChartPoint(x: area.x + area.width, y: zero),
                            stroke: .label, width: 1))
        if !chart.xAxisTitle.isEmpty {
            shapes.append(.text(chart.xAxisTitle, at: ChartPoint(x: area.x + area.width / 2, y: bottom + 30), size: 10,
                                anchor: .middle, bold: false, fill: .label))
        }
        if chart.series.count > 1 {
            shapes += legend(chart.series.map(\.name), colors: chart.series.indices.map(chart.color(ofSeries:)), chart: chart)
        }
        return shapes
    }

    static func pie(_ chart: Chart) -> [ChartShape] {
        var shapes: [ChartShape] = []
        let area = plotArea(of: chart)
        let values = chart.categories.indices.map { index in chart.series.first.map { max(0, value($0, index)) } ?? 0 }
        let total = values.reduce(0, +)
        let radius = min(area.width, area.height) / 2
        let center = ChartPoint(x: area.x + area.width / 2, y: area.y + area.height / 2)
        let inner = chart.kind == .donut ? radius * 0.55 : 0
        var angle = 0.0
        if total > 0 {
            for (index, value) in values.enumerated() where value > 0 {
                let sweep = value / total * 360
                shapes.append(.wedge(center: center, radius: radius, innerRadius: inner, startDegrees: angle,
                                     endDegrees: angle + sweep, fill: ChartColor.palette(index)))
                angle += sweep
            }
        }
        shapes += legend(chart.categories, colors: chart.categories.indices.map(ChartColor.palette), chart: chart)
        return shapes
    }

    /// One row of legend entries (a square and the name) centred at the bottom.
    static func legend(_ names: [String], colors: [ChartColor], chart: Chart) -> [ChartShape] {
        guard !names.isEmpty else { return [] }
        let entry = min(140, (chart.width - 32) / Double(names.count))
        let start = (chart.width - entry * Double(names.count)) / 2
        let y = chart.height - 14
        var shapes: [ChartShape] = []
        for (index, name) in names.enumerated() {
            let x = start + Double(index) * entry
            shapes.append(.rect(x: x, y: y - 9, width: 10, height: 10, fill: colors[index]))
            shapes.append(.text(fitted(name, room: entry - 18, size: 10), at: ChartPoint(x: x + 14, y: y), size: 10,
                                anchor: .start, bold: false, fill: .label))
        }
        return shapes
    }

    /// `text` cut with `…` to about `room` points at `size` (an average glyph is half the size wide).
    static func fitted(_ text: String, room: Double, size: Double) -> String {
        let fits = max(1, Int(room / (size * 0.55)))
        guard text.count > fits else { return text }
        return String(text.prefix(max(1, fits - 1))) + "\u{2026}"
    }
}
