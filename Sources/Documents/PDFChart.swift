import CHaru
import Charts
import Foundation

extension PDFLayout {
    /// Draws `chart` at the cursor, scaled to the content width, as PDF vector graphics: its
    /// ``ChartShape``s become filled rectangles, stroked lines and Bézier wedges and text in the
    /// document's fonts — no raster image.
    mutating func chart(_ chart: Chart) throws {
        let scale = Float(Double(Self.contentWidth) / max(1, chart.width))
        let height = Float(chart.height) * scale
        try ensure(height)
        let page = try current()
        let drawing = PDFChartDrawing(layout: self, page: page, left: Self.margin, top: y, scale: scale)
        for shape in ChartLayout.shapes(of: chart) { try drawing.draw(shape) }
        try pdf.check(HPDF_Page_SetRGBFill(page, 0, 0, 0), "HPDF_Page_SetRGBFill")
        try pdf.check(HPDF_Page_SetRGBStroke(page, 0, 0, 0), "HPDF_Page_SetRGBStroke")
        try pdf.check(HPDF_Page_SetLineWidth(page, 0.5), "HPDF_Page_SetLineWidth")
        y -= height
    }
}

/// Draws chart shapes on one page: chart coordinates (y down) mapped onto the page (y up).
struct PDFChartDrawing {
    let layout: PDFLayout
    let page: HPDF_Page
    let left: Float
    let top: Float
    let scale: Float

    var pdf: HaruDocument { layout.pdf }

    func x(_ value: Double) -> Float { left + Float(value) * scale }
    func y(_ value: Double) -> Float { top - Float(value) * scale }

    func fill(_ color: ChartColor) throws {
        try pdf.check(HPDF_Page_SetRGBFill(page, Float(color.red) / 255, Float(color.green) / 255, Float(color.blue) / 255),
                      "HPDF_Page_SetRGBFill")
    }

    func stroke(_ color: ChartColor, width: Double) throws {
        try pdf.check(HPDF_Page_SetRGBStroke(page, Float(color.red) / 255, Float(color.green) / 255, Float(color.blue) / 255),
                      "HPDF_Page_SetRGBStroke")
        try pdf.check(HPDF_Page_SetLineWidth(page, max(0.1, Float(width) * scale)), "HPDF_Page_SetLineWidth")
    }

    func draw(_ shape: ChartShape) throws {
        switch shape {
        case let .rect(rx, ry, width, height, color):
            guard width > 0, height > 0 else { return }
            try fill(color)
            try pdf.check(HPDF_Page_Rectangle(page, x(rx), y(ry + height), Float(width) * scale, Float(height) * scale),
                          "HPDF_Page_Rectangle")
            try pdf.check(HPDF_Page_Fill(page), "HPDF_Page_Fill")
        case let .line(from, to, color, width):
            try stroke(color, width: width)
            try pdf.check(HPDF_Page_MoveTo(page, x(from.x), y(from.y)), "HPDF_Page_MoveTo")
            try pdf.check(HPDF_Page_LineTo(page, x(to.x), y(to.y)), "HPDF_Page_LineTo")
            try pdf.check(HPDF_Page_Stroke(page), "HPDF_Page_Stroke")
        case let .polyline(points, color, width):
            guard let first = points.first else { return }
            try stroke(color, width: width)
            try pdf.check(HPDF_Page_MoveTo(page, x(first.x), y(first.y)), "HPDF_Page_MoveTo")
            for point in points.dropFirst() {
                try pdf.check(HPDF_Page_LineTo(page, x(point.x), y(point.y)), "HPDF_Page_LineTo")
            }
            try pdf.check(HPDF_Page_Stroke(page), "HPDF_Page_Stroke")
        case let .wedge(center, radius, inner, start, end, color):
            try fill(color)
            try arc(center: center, radius: radius, from: start, to: end, moveFirst: true)
            if inner > 0 {
                try arc(center: center, radius: inner, from: end, to: start, moveFirst: false)
            } else {
                try pdf.check(HPDF_Page_LineTo(page, x(center.x), y(center.y)), "HPDF_Page_LineTo")
            }
            try pdf.check(HPDF_Page_ClosePath(page), "HPDF_Page_ClosePath")
            try pdf.check(HPDF_Page_Eofill(page), "HPDF_Page_Eofill")
        case let .text(string, at, size, anchor, bold, color):
            let font = bold ? layout.bold : layout.regular
            let points = Float(size) * scale
            let width = try layout.width(string, font: font, size: points)
            let offset: Float
            switch anchor {
            case .start: offset = 0
            case .middle: offset = width / 2
            case .end: offset = width
            }
            try fill(color)
            try layout.draw(string, on: page, x: x(at.x) - offset, baseline: y(at.y), font: font, size: points)
        }
    }

    /// The point at `degrees` (clockwise from twelve o'clock) on the circle, in page coordinates.
    func point(_ center: ChartPoint, _ radius: Double, _ degrees: Double) -> (Float, Float) {
        let radians = degrees * .pi / 180
        return (x(center.x + radius * sin(radians)), y(center.y - radius * cos(radians)))
    }

    /// An arc as cubic Bézier curves of at most 90° each; starts a new path (`moveFirst`) or
    /// draws a line to its start.
    func arc(center: ChartPoint, radius: Double, from start: Double, to end: Double, moveFirst: Bool) throws {
        let (sx, sy) = point(center, radius, start)
        if moveFirst {
            try pdf.check(HPDF_Page_MoveTo(page, sx, sy), "HPDF_Page_MoveTo")
        } else {
            try pdf.check(HPDF_Page_LineTo(page, sx, sy), "HPDF_Page_LineTo")
        }
        let pieces = max(1, Int((abs(end - start) / 90).rounded(.up)))
        let step = (end - start) / Double(pieces)
        for piece in 0..<pieces {
            let a0 = start + Double(piece) * step
            let a1 = a0 + step
            let k = 4.0 / 3.0 * tan((a1 - a0) * .pi / 180 / 4)
            let (r0, r1) = (a0 * .pi / 180, a1 * .pi / 180)
            // Points in chart coordinates: p(a) = c + r(sin a, -cos a); tangent t(a) = r(cos a, sin a).
            let c1 = ChartPoint(x: center.x + radius * (sin(r0) + k * cos(r0)), y: center.y - radius * (cos(r0) - k * sin(r0)))
            let c2 = ChartPoint(x: center.x + radius * (sin(r1) - k * cos(r1)), y: center.y - radius * (cos(r1) + k * sin(r1)))
            let (ex, ey) = point(center, radius, a1)
            try pdf.check(HPDF_Page_CurveTo(page, x(c1.x), y(c1.y), x(c2.x), y(c2.y), ex, ey), "HPDF_Page_CurveTo")
        }
    }
}
