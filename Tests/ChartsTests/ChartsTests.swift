import Charts
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// The chart layout (nice ticks, bar geometry, wedges) and its SVG, parsed back as XML.
final class ChartsTests: XCTestCase {
    /// Costs of three units: 10, 25 and 5 on a 640 × 360 drawing.
    private let bars = Chart(kind: .bar, title: "Costs & <fees>", categories: ["A", "B", "C"],
                             series: [Chart.Series(name: "Cost", values: [10, 25, 5])], yAxisTitle: "EUR")

    private func parse(_ svg: String) throws -> XMLDocument {
        try XMLDocument(data: Data(svg.utf8), options: [])
    }

    private func elements(_ document: XMLDocument, _ name: String) throws -> [XMLElement] {
        try document.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
    }

    /// An attribute by its name (FoundationXML's `attribute(forName:)` misses attributes of elements
    /// in a default namespace on Linux).
    private func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }

    func testNiceScalesStepByOneTwoOrFiveTimesAPowerOfTen() {
        let costs = NiceScale(low: 0, high: 9.82)
        XCTAssertEqual(costs.step, 2)
        XCTAssertEqual(costs.ticks, [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(costs.decimals, 0)
        let small = NiceScale(low: 0, high: 0.37)
        XCTAssertEqual(small.step, 0.1, accuracy: 1e-12)
        XCTAssertEqual(small.ticks.count, 5)
        XCTAssertEqual(small.decimals, 1)
        XCTAssertEqual(small.ticks.map { ChartNumberFormat.german.text($0, decimals: small.decimals) },
                       ["0,0", "0,1", "0,2", "0,3", "0,4"])
        let negative = NiceScale(low: -3, high: 12)
        XCTAssertEqual(negative.ticks, [-5, 0, 5, 10, 15])
        let flat = NiceScale(low: 0, high: 0)
        XCTAssertEqual(flat.ticks.count, 6, "0 to 1 in steps of 0.2")
        XCTAssertEqual(flat.maximum, 1, accuracy: 1e-12)
    }

    func testNumberFormatsGroupAndSeparatePerLanguage() {
        XCTAssertEqual(ChartNumberFormat.german.text(1234.5, decimals: 2), "1.234,50")
        XCTAssertEqual(ChartNumberFormat.english.text(1234567, decimals: 0), "1,234,567")
        XCTAssertEqual(ChartNumberFormat.english.text(-0.004, decimals: 2), "0.00")
        XCTAssertEqual(ChartNumberFormat.english.text(-12.345, decimals: 1), "-12.3")
    }

    func testBarChartSVGHasTheExpectedElementsAndCoordinates() throws {
        let svg = SVGChartRenderer().render(bars)
        let document = try parse(svg)
        let root = try XCTUnwrap(document.rootElement())
        XCTAssertEqual(root.name, "svg")
        XCTAssertEqual(attribute(root, "viewBox"), "0 0 640 360")
        XCTAssertEqual(try elements(document, "script").count, 0)
        // Background + three bars; four grid lines (0, 10, 20, 30) + two axes; title, y axis title,
        // four tick labels and three category labels; the document title.
        let rects = try elements(document, "rect")
        XCTAssertEqual(rects.count, 4)
        XCTAssertEqual(try elements(document, "line").count, 6)
        let texts = try elements(document, "text")
        XCTAssertEqual(texts.count, 9)
        XCTAssertEqual(try elements(document, "title").first?.stringValue, "Costs & <fees>")
        XCTAssertEqual(texts.first?.stringValue, "Costs & <fees>")
        XCTAssertTrue(svg.contains("Costs &amp; &lt;fees&gt;"))
        // Plot area x 64…624, y 48…296; scale 0…30; slot 186.67, bars 70 % of it.
        let bar = rects.dropFirst().map { [attribute($0, "x"), attribute($0, "y"), attribute($0, "width"), attribute($0, "height")] }
        XCTAssertEqual(bar, [["92", "213.33", "130.67", "82.67"],
                             ["278.67", "89.33", "130.67", "206.67"],
                             ["465.33", "254.67", "130.67", "41.33"]])
        XCTAssertEqual(rects.dropFirst().map { attribute($0, "fill") }, ["#1f77b4", "#1f77b4", "#1f77b4"])
        XCTAssertEqual(texts.map(\.stringValue), ["Costs & <fees>", "0", "10", "20", "30", "EUR", "A", "B", "C"])
        let zeroTick = try XCTUnwrap(texts.first { $0.stringValue == "0" })
        XCTAssertEqual([attribute(zeroTick, "x"), attribute(zeroTick, "y"), attribute(zeroTick, "text-anchor")],
                       ["58", "299.5", "end"])
        let category = try XCTUnwrap(texts.first { $0.stringValue == "B" })
        XCTAssertEqual([attribute(category, "x"), attribute(category, "y")], ["344", "310"])
        XCTAssertEqual(SVGChartRenderer().render(bars), svg, "deterministic")
    }

    func testStackedBarsLinesAndLegend() throws {
        let chart = Chart(kind: .stackedBar, categories: ["Q1", "Q2"],
                          series: [Chart.Series(name: "Fixed", values: [4, 6]), Chart.Series(name: "Mobile", values: [6, -1])])
        let document = try parse(SVGChartRenderer().render(chart))
        // Background, three segments (Q2's negative one is left out), two legend squares.
        let rects = try elements(document, "rect")
        XCTAssertEqual(rects.count, 6)
        // Scale 0…10 over 248 points: Q1 fixed 0…4 (99.2 high), mobile 4…10 on top of it.
        XCTAssertEqual(rects[1...2].map { [attribute($0, "y"), attribute($0, "height"), attribute($0, "fill")] },
                       [["196.8", "99.2", "#1f77b4"], ["48", "148.8", "#ff7f0e"]])
        XCTAssertEqual(try elements(document, "text").compactMap(\.stringValue).suffix(2), ["Fixed", "Mobile"])

        let line = Chart(kind: .line, categories: ["Jan", "Feb", "Mar"], series: [Chart.Series(name: "Calls", values: [0, 5, 10])])
        let lines = try parse(SVGChartRenderer().render(line))
        let polyline = try XCTUnwrap(try elements(lines, "polyline").first)
        XCTAssertEqual(attribute(polyline, "points"), "157.33,296 344,172 530.67,48")
    }

    func testPieAndDonutWedges() throws {
        let pie = Chart(kind: .pie, categories: ["a", "b", "c"], series: [Chart.Series(name: "n", values: [1, 1, 2])])
        let paths = try elements(try parse(SVGChartRenderer().render(pie)), "path")
        // Centre (344, 172), radius 124; a quarter, a quarter, a half, clockwise from twelve o'clock.
        XCTAssertEqual(paths.map { attribute($0, "d") }, [
            "M 344 48 A 124 124 0 0 1 468 172 L 344 172 Z",
            "M 468 172 A 124 124 0 0 1 344 296 L 344 172 Z",
            "M 344 296 A 124 124 0 0 1 344 48 L 344 172 Z",
        ])
        XCTAssertEqual(paths.map { attribute($0, "fill") }, ["#1f77b4", "#ff7f0e", "#2ca02c"])
        let donut = Chart(kind: .donut, categories: ["only"], series: [Chart.Series(name: "n", values: [3])])
        let ring = try XCTUnwrap(try elements(try parse(SVGChartRenderer().render(donut)), "path").first)
        // A full ring: two half arcs outside, two inside (radius 124 × 0.55 = 68.2).
        XCTAssertEqual(attribute(ring, "d"), "M 344 48 A 124 124 0 1 1 344 296 A 124 124 0 1 1 344 48 Z"
                       + " M 344 103.8 A 68.2 68.2 0 1 0 344 240.2 A 68.2 68.2 0 1 0 344 103.8 Z")
        let empty = Chart(kind: .pie, categories: ["a"], series: [Chart.Series(name: "n", values: [0])])
        XCTAssertEqual(try elements(try parse(SVGChartRenderer().render(empty)), "path").count, 0)
    }

    func testEscapingDropsControlCharactersAndQuotes() throws {
        XCTAssertEqual(SVGChartRenderer.escape("a\"b'c<d>&\u{1}e"), "a&quot;b&#39;c&lt;d&gt;&amp;e")
        let chart = Chart(kind: .bar, title: "x\u{0}y", categories: ["\"q\""], series: [Chart.Series(name: "s", values: [1])])
        let document = try parse(SVGChartRenderer().render(chart))
        XCTAssertEqual(try elements(document, "title").first?.stringValue, "xy")
    }
}
