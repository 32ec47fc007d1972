import Foundation
import TestSupport
import XCTest

/// `tollbook report itemised|cost-summary|top-destinations` end to end through the real binary:
/// rated Cisco calls, an org chart from CSV, Berlin/Sales under the EVN-3 privacy package (numbers
/// shortened by three digits); every figure to the cent, every format read back.
final class AccountingReportCommandsTests: CLITestCase {
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        let tariffs = directory.appendingPathComponent("tariffs")
        try FileManager.default.createDirectory(at: tariffs, withIntermediateDirectories: true)
        try Data("""
            [provider]
            id = testnet
            name = Test Net
            currency = EUR

            [zone DE_FIXED]
            name = Deutschland Festnetz
            class = national
            prefixes = +492, +493, +494, +495, +496, +497, +498, +499

            [zone DE_MOBILE]
            name = Deutschland Mobilfunk
            class = mobile
            prefixes = +4915, +4916, +4917

            [version 2025-01]
            valid_from = 2025-01-01
            DE_FIXED = 1 ct/min 60/60
            DE_MOBILE = 10 ct/min 60/60

            """.utf8).write(to: tariffs.appendingPathComponent("testnet.ini"))
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
}
