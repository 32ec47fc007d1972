import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import XCTest

/// `tollbook report itemised|cost-summary|top-destinations` end to end through the real binary:
/// rated Cisco calls, an org chart from CSV, Berlin/Sales under the EVN-3 privacy package (numbers
/// shortened by three digits); every figure to the cent, every format read back.
final class AccountingReportCommandsTests: CLITestCase {
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try TestTariffs.writeTestnet(below: directory)
        try writeConfiguration(profile: "")
        let fixtures = TestEnvironment.fixtures.appendingPathComponent("cisco")
        _ = try succeed(["import", "--config", config, "--connector", "cisco.cucm", "--source", "cucm"]
                        + ["cdr_133_basic.txt", "cdr_129.txt", "cdr_forwards.txt"].map { fixtures.appendingPathComponent($0).path })
        let csv = directory.appendingPathComponent("org.csv")
        try Data("""
            path,participant,employee_id,extensions,valid_from
            Berlin/Sales,Anna,E1,berlin/2001,2025-03-01
            Berlin/Sales,Ben,E2,berlin/2002,2025-03-01
            Berlin/Support,Cleo,E3,berlin/2003,2025-03-01

            """.utf8).write(to: csv)
        _ = try succeed(["org", "import", csv.path])
    }

    /// The configuration: one site, Berlin/Sales under EVN-3, `profile` appended to `privacy:`.
    private func writeConfiguration(profile: String) throws {
        try Data("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            privacy:
              assignments:
                - org: Berlin/Sales
                  package: EVN-3
                  from: 2025-01-01
            \(profile)
            """.utf8).write(to: URL(fileURLWithPath: config))
    }

    private func report(_ arguments: [String]) throws -> String {
        try succeed(["report"] + arguments + ["--config", config, "--from", "2025-03-01", "--to", "2025-03-31"])
    }

    private func rows(_ output: String, section: String, table: String) throws -> [[String: String]] {
        let object = try XCTUnwrap(try json(output) as? [String: Any])
        return try XCTUnwrap((object[section] as? [String: Any])?[table] as? [[String: String]])
    }

    private func tool(_ name: String) throws -> URL {
        for folder in ["/usr/bin", "/usr/local/bin"] {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw CLIToolMissing(name: name)
    }

    private struct CLIToolMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "\(name) is not installed (see scripts/install-deps.sh)" }
    }

    private func read(_ name: String, _ arguments: [String]) throws -> String {
        let result = try TestEnvironment.run(try tool(name), arguments)
        XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
        return result.stdout
    }

    // MARK: Itemised call list

    func testItemisedListOfAParticipantShowsNumbersMaskedPerPackage() throws {
        // Anna (Sales, EVN-3): her four legs of 3 March, the last three digits of every number masked.
        XCTAssertEqual(try report(["itemised", "--participant", "E1", "--format", "csv"]),
                       "start,extension,number,direction,duration_seconds,destination,provider,cost,currency\r\n"
                       + "2025-03-03T08:00:00Z,2001,+49305550XXX,outgoing,95,Deutschland Festnetz,testnet,0.02,EUR\r\n"
                       + "2025-03-03T08:15:00Z,2001,200X,internal,0,,,,\r\n"
                       + "2025-03-03T09:00:00Z,2001,200X,internal,20,,,,\r\n"
                       + "2025-03-03T11:25:00Z,2001,623X,internal,45,,,,\r\n")
        // Cleo (Support) has the standard package: her numbers are shown in full.
        let cleo = try rows(try report(["itemised", "--participant", "E3"]), section: "calls", table: "calls")
        XCTAssertEqual(cleo.map { $0["number"] ?? "-" }, ["2004", "+49309999999", "+49305557777"])
        XCTAssertEqual(cleo.map { $0["cost"] ?? "-" }, ["", "", "0.01"])
        // By node: Sales is Anna's and Ben's legs, Ben's mobile call masked too.
        let sales = try rows(try report(["itemised", "--node", "Berlin/Sales"]), section: "calls", table: "calls")
        XCTAssertEqual(sales.count, 6)
        XCTAssertEqual(sales.filter { $0["cost"] == "0.30" }.map { $0["number"] ?? "-" }, ["+4917185550XXX"])
        XCTAssertFalse(try report(["itemised", "--node", "Berlin/Sales", "--format", "csv"]).contains("55501234"))
    }

    func testItemisedInGermanAsPDFAndXLSX() throws {
        let pdf = directory.appendingPathComponent("evn.pdf")
        _ = try report(["itemised", "--participant", "E1", "--format", "pdf", "--language", "de", "--out", pdf.path])
        let text = try read("pdftotext", ["-layout", pdf.path, "-"])
        for expected in ["Einzelverbindungsnachweis", "Teilnehmer: Anna", "Zeitraum: 01.03.2025 bis 31.03.2025",
                         "Summen: Verbindungen 4 · Gesprächszeit 2:40 · Kosten 0,02 €", "Rufnummer", "+49305550XXX",
                         "ausgehend", "intern", "0,02 €", "03.03.2025 09:00", "03.03.2025 12:25", "Seite 1 von 1"] {
            XCTAssertTrue(text.contains(expected), "\(expected) in:\n\(text)")
        }
        XCTAssertFalse(text.contains("+493055501"), "no unmasked number")
        let xlsx = directory.appendingPathComponent("evn.xlsx")
        _ = try report(["itemised", "--participant", "E1", "--format", "xlsx", "--language", "de", "--out", xlsx.path])
        let sheet = try read("unzip", ["-p", xlsx.path, "xl/worksheets/sheet1.xml"])
        // 3 March 2025 09:00 Berlin as an Excel date, 95 s as a time, 0.02 € as a number.
        XCTAssertTrue(sheet.contains("<c r=\"A2\" s=\"2\"><v>45719.375</v></c>"), sheet)
        XCTAssertTrue(sheet.contains("<c r=\"E2\" s=\"3\"><v>0.001099537037037037</v></c>"), sheet)
        XCTAssertTrue(sheet.contains("<c r=\"H2\" s=\"4\"><v>0.02</v></c>"), sheet)
        let strings = try read("unzip", ["-p", xlsx.path, "xl/sharedStrings.xml"])
        XCTAssertTrue(strings.contains("<t>+49305550XXX</t>"))
        XCTAssertTrue(strings.contains("<t>Beginn</t>") && strings.contains("<t>Nebenstelle</t>"))
        let styles = try read("unzip", ["-p", xlsx.path, "xl/styles.xml"])
        XCTAssertTrue(styles.contains("formatCode=\"#,##0.00 &quot;€&quot;\""), styles)
        XCTAssertTrue(styles.contains("formatCode=\"dd.mm.yyyy hh:mm\""), styles)
    }

    // MARK: Cost summary

    func testCostSummaryByZoneTrunkProviderAndSiteToTheCent() throws {
        // Rated legs: Anna 0.02 (fixed, BER-GW01, 95 s), Ben 0.30 (mobile, SIP trunk, 130 s),
        // 2610 0.04 (fixed, BER-GW01, 200 s), Cleo 0.01 (fixed, BER-GW01, 20 s): 0.37 in all.
        XCTAssertEqual(try report(["cost-summary", "--by", "zone", "--format", "csv"]),
                       "zone,calls,talk_seconds,cost,share_percent\r\n"
                       + "DE_MOBILE,1,130,0.30,81.08\r\n"
                       + "DE_FIXED,3,315,0.07,18.92\r\n"
                       + "Total,4,445,0.37,100.00\r\n")
        let trunks = try rows(try report(["cost-summary", "--by", "trunk"]), section: "summary", table: "summary")
        XCTAssertEqual(trunks.map { [$0["trunk"] ?? "", $0["calls"] ?? "", $0["cost"] ?? "", $0["share_percent"] ?? ""] },
                       [["SIP-PSTN-TRUNK", "1", "0.30", "81.08"], ["BER-GW01", "3", "0.07", "18.92"],
                        ["Total", "4", "0.37", "100.00"]])
        for (by, key) in [("provider", "testnet"), ("site", "berlin")] {
            let groups = try rows(try report(["cost-summary", "--by", by]), section: "summary", table: "summary")
            XCTAssertEqual(groups.first?[by], key)
            XCTAssertEqual(groups.first?["cost"], "0.37")
            XCTAssertEqual(groups.first?["talk_seconds"], "445")
        }
    }

    func testCostSummaryByNodeWithholdsSmallGroupsAndChartsTheTopLevel() throws {
        // The privacy section governs: Berlin's three people are fewer than 5, so its cells are withheld.
        XCTAssertEqual(try report(["cost-summary", "--by", "node", "--format", "csv"]),
                       "node,calls,talk_seconds,cost,share_percent\r\n"
                       + "Berlin,< 5,< 5,< 5,< 5\r\n"
                       + "Berlin/Sales,< 5,< 5,< 5,< 5\r\n"
                       + "Berlin/Support,< 5,< 5,< 5,< 5\r\n"
                       + "Other,2,230,0.04,10.81\r\n")
        // Without a privacy section every node is shown (call costs of the subtree, as report costs).
        try Data("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            """.utf8).write(to: URL(fileURLWithPath: config))
        XCTAssertEqual(try report(["cost-summary", "--by", "node", "--format", "csv"]),
                       "node,calls,talk_seconds,cost,share_percent\r\n"
                       + "Berlin,9,350,0.33,89.19\r\n"
                       + "Berlin/Sales,6,330,0.32,86.49\r\n"
                       + "Berlin/Support,3,20,0.01,2.70\r\n"
                       + "Other,2,230,0.04,10.81\r\n")
        // The HTML page: the table and one inline SVG bar chart of the top-level nodes (Berlin, Other).
        let html = try report(["cost-summary", "--by", "node", "--format", "html", "--language", "de"])
        let document = try XMLDocument(data: Data(html.utf8), options: [])
        func count(_ name: String) throws -> Int { try document.nodes(forXPath: "//*[local-name()='\(name)']").count }
        XCTAssertEqual(try count("svg"), 1)
        XCTAssertEqual(try count("rect"), 3, "background and two bars")
        XCTAssertEqual(try count("tr"), 5)
        XCTAssertTrue(html.contains("<td class=\"num\">0,33 €</td>"), html)
        XCTAssertTrue(html.contains("<th scope=\"col\">Organisationseinheit</th>"))
    }

    // MARK: Top destinations

    func testTopDestinationsByCostAndByCount() throws {
        let byCost = try rows(try report(["top-destinations"]), section: "destinations", table: "destinations")
        XCTAssertEqual(byCost.map { [$0["rank"] ?? "", $0["destination"] ?? "", $0["calls"] ?? "", $0["cost"] ?? ""] },
                       [["1", "Deutschland Mobilfunk", "1", "0.30"], ["2", "Deutschland Festnetz", "3", "0.07"]])
        let byCount = try rows(try report(["top-destinations", "--rank-by", "count", "--top", "1"]),
                               section: "destinations", table: "destinations")
        XCTAssertEqual(byCount.map { $0["destination"] ?? "" }, ["Deutschland Festnetz"])
        XCTAssertEqual(byCount.first?["share_percent"], "18.92")
        let pdf = directory.appendingPathComponent("top.pdf")
        _ = try report(["top-destinations", "--format", "pdf", "--out", pdf.path])
        let text = try read("pdftotext", ["-layout", pdf.path, "-"])
        // The chart's title, axis titles and ticks (0.0 … 0.3 in steps of 0.1) are text: the chart is vector.
        for expected in ["Top destinations", "€0.30", "Cost (€)", "0.3\n", "0.2\n", "0.1\n", "0.0\n", "Destination\n"] {
            XCTAssertTrue(text.contains(expected), "\(expected) in:\n\(text)")
        }
        XCTAssertEqual(try read("pdfimages", ["-list", pdf.path]).split(separator: "\n").count, 2, "no raster image")
    }

    // MARK: Language and bad input

    func testTheConfigurationsLanguageIsTheDefault() throws {
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try Data(("language: de\n" + text).utf8).write(to: URL(fileURLWithPath: config))
        let german = try XCTUnwrap(try json(try report(["top-destinations"])) as? [String: Any])
        XCTAssertEqual(german["title"] as? String, "Top-Ziele")
        let english = try XCTUnwrap(try json(try report(["top-destinations", "--language", "en"])) as? [String: Any])
        XCTAssertEqual(english["title"] as? String, "Top destinations")
        try Data(("language: fr\n" + text).utf8).write(to: URL(fileURLWithPath: config))
        let refused = try tollbook(["report", "top-destinations", "--config", config, "--db", database, "--from", "2025-03-01",
                                    "--to", "2025-03-31"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("tollbook.yaml:1: language: must be de or en, not 'fr'"), refused.stderr)
    }

    func testBadInputIsRefusedWithoutNamingPeople() throws {
        func refused(_ arguments: [String]) throws -> String {
            let result = try tollbook(["report"] + arguments + ["--config", config, "--db", database, "--from", "2025-03-01",
                                                                "--to", "2025-03-31"])
            XCTAssertNotEqual(result.status, 0, arguments.joined(separator: " "))
            return result.stderr
        }
        XCTAssertTrue(try refused(["itemised", "--participant", "Zoe Nobody"]).contains("no active participant matches --participant"))
        XCTAssertFalse(try refused(["itemised", "--participant", "Zoe Nobody"]).contains("Zoe"))
        XCTAssertTrue(try refused(["itemised", "--node", "Berlin/Nowhere"]).contains("there is no org node 'Berlin/Nowhere'"))
        XCTAssertTrue(try refused(["cost-summary", "--format", "xlsx"]).contains("--format xlsx needs --out FILE"))
        XCTAssertTrue(try refused(["top-destinations", "--top", "0"]).contains("--top must be at least 1"))
    }
}
