import Foundation

/// Writes a ``Chart`` as a standalone SVG document: one `<svg>` element with a `viewBox` of the
/// chart's size, a `<title>`, then one element per ``ChartShape`` (`rect`, `line`, `polyline`,
/// `path` for wedges, `text`). No scripts, no external references, every text escaped; numbers
/// with at most two decimals, so the same chart always gives the same bytes.
public struct SVGChartRenderer: Sendable {
    /// A renderer.
    public init() {}

    /// The SVG text (UTF-8, ends with a newline). `standalone` adds the XML declaration (for
    /// `.svg` files); inline SVG in HTML leaves it out.
    public func render(_ chart: Chart, standalone: Bool = true) -> String {
        var out = standalone ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : ""
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Self.number(chart.width)) \(Self.number(chart.height))\""
            + " width=\"\(Self.number(chart.width))\" height=\"\(Self.number(chart.height))\""
            + " font-family=\"Helvetica, Arial, sans-serif\" role=\"img\">\n"
        out += "<title>\(Self.escape(chart.title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Self.number(chart.width))\" height=\"\(Self.number(chart.height))\" fill=\"#ffffff\"/>\n"
        for shape in ChartLayout.shapes(of: chart) { out += Self.element(shape) + "\n" }
        return out + "</svg>\n"
    }

    /// One element.
    static func element(_ shape: ChartShape) -> String {
        switch shape {
        case let .rect(x, y, width, height, fill):
            return "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(width))\" height=\"\(number(height))\""
                + " fill=\"\(fill.hex)\"/>"
        case let .line(from, to, stroke, width):
            return "<line x1=\"\(number(from.x))\" y1=\"\(number(from.y))\" x2=\"\(number(to.x))\" y2=\"\(number(to.y))\""
                + " stroke=\"\(stroke.hex)\" stroke-width=\"\(number(width))\"/>"
        case let .polyline(points, stroke, width):
            return "<polyline points=\"" + points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
                + "\" fill=\"none\" stroke=\"\(stroke.hex)\" stroke-width=\"\(number(width))\"/>"
        case let .wedge(center, radius, inner, start, end, fill):
            return "<path d=\"\(wedgePath(center: center, radius: radius, inner: inner, start: start, end: end))\""
                + " fill=\"\(fill.hex)\" fill-rule=\"evenodd\"/>"
        case let .text(text, at, size, anchor, bold, fill):
            return "<text x=\"\(number(at.x))\" y=\"\(number(at.y))\" font-size=\"\(number(size))\""
                + " text-anchor=\"\(anchor.rawValue)\"" + (bold ? " font-weight=\"bold\"" : "")
                + " fill=\"\(fill.hex)\">\(escape(text))</text>"
        }
    }

    /// The path of a wedge or ring segment. A full circle is drawn as two half arcs.
    static func wedgePath(center: ChartPoint, radius: Double, inner: Double, start: Double, end: Double) -> String {
        func point(_ degrees: Double, _ r: Double) -> String {
            let radians = degrees * .pi / 180
            return "\(number(center.x + r * sin(radians))) \(number(center.y - r * cos(radians)))"
        }
        let r = number(radius)
        if end - start >= 359.999 {
            var path = "M \(point(0, radius)) A \(r) \(r) 0 1 1 \(point(180, radius)) A \(r) \(r) 0 1 1 \(point(360, radius)) Z"
            if inner > 0 {
                let i = number(inner)
                path += " M \(point(0, inner)) A \(i) \(i) 0 1 0 \(point(180, inner)) A \(i) \(i) 0 1 0 \(point(360, inner)) Z"
            }
            return path
        }
        let large = end - start > 180 ? 1 : 0
        var path = "M \(point(start, radius)) A \(r) \(r) 0 \(large) 1 \(point(end, radius))"
        if inner > 0 {
            let i = number(inner)
            path += " L \(point(end, inner)) A \(i) \(i) 0 \(large) 0 \(point(start, inner)) Z"
        } else {
            path += " L \(number(center.x)) \(number(center.y)) Z"
        }
        return path
    }

    /// `value` with at most two decimals, no trailing zeros, `.` as separator.
    public static func number(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        guard hundredths.isFinite, abs(hundredths) < 9e15 else { return "0" }
        let units = Int64(hundredths)
        let sign = units < 0 ? "-" : ""
        let magnitude = units.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(whole) }
        if fraction % 10 == 0 { return sign + "\(whole).\(fraction / 10)" }
        return sign + "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, and control characters other than tab
    /// and line breaks dropped (they are not allowed in XML).
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                if scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
