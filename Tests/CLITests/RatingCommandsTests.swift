import Foundation
import TestSupport
import XCTest

/// Rating end to end: import with a site configuration, `calls` with costs, `--unrated`,
/// `--explain`, `rerate` after a tariff change, and `tariffs check`.
final class RatingCommandsTests: CLITestCase {
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }
    private var tariff: URL { directory.appendingPathComponent("tariffs/testnet.ini") }

    private let firstTariff = """
        [provider]
        id = testnet
        name = Test Net
        currency = EUR

        [zone DE_FIXED]
        name = Deutschland Festnetz
        class = national
        prefixes = +492, +493, +494, +495, +496, +497, +498, +499

        [version 2025-01]
        valid_from = 2025-01-01
        DE_FIXED = 1 ct/min 60/60

        """

    private var secondTariff: String {
        firstTariff.replacingOccurrences(of: "[version 2025-01]", with: """
            [zone DE_MOBILE]
            name = Deutschland Mobilfunk
            class = mobile
            prefixes = +4915, +4916, +4917

            [version 2025-01]
            """) + "DE_MOBILE = 10 ct/min 60/60\n"
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try FileManager.default.createDirectory(at: tariff.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(firstTariff.utf8).write(to: tariff)
        try Data("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            """.utf8).write(to: URL(fileURLWithPath: config))
        let fixtures = TestEnvironment.fixtures.appendingPathComponent("cisco")
        _ = try succeed(["import", "--config", config, "--connector", "cisco.cucm", "--source", "cucm",
                         fixtures.appendingPathComponent("cdr_133_basic.txt").path,
                         fixtures.appendingPathComponent("cdr_129.txt").path])
    }

    private func calls(_ extra: [String] = []) throws -> [String: [String: Any]] {
        let list = try XCTUnwrap(try json(try succeed(["calls", "--format", "json"] + extra)) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.compactMap { call in
            (call["vendor_record_id"] as? String).map { ($0, call) }
        })
    }

    func testImportPricesOutgoingCallsAndSaysWhyOthersAreNot() throws {
        let all = try calls()
        let fixed = try XCTUnwrap(all["c0ffee00-0000-4000-8000-000000010001"])
        XCTAssertEqual(fixed["remote_e164"] as? String, "+49305550123")
        XCTAssertEqual(fixed["remote_category"] as? String, "local")
        XCTAssertEqual(fixed["rating_status"] as? String, "rated")
        XCTAssertEqual(fixed["cost"] as? String, "0.02", "95 s at 1 ct/min in 60/60 steps: 2 minutes")
        XCTAssertEqual(fixed["cost_minor"] as? Int, 2)
        XCTAssertEqual(fixed["currency"] as? String, "EUR")
        XCTAssertEqual(fixed["provider"] as? String, "testnet")
        XCTAssertEqual(fixed["zone"] as? String, "DE_FIXED")
        XCTAssertEqual(fixed["destination"] as? String, "Deutschland Festnetz")
        let incoming = try XCTUnwrap(all["c0ffee00-0000-4000-8000-000000010002"])
        XCTAssertEqual(incoming["rating_status"] as? String, "not_billable")
        XCTAssertEqual(incoming["unrated_reason"] as? String, "incoming call")
        XCTAssertTrue(incoming["cost"] is NSNull)
        let mobile = try XCTUnwrap(all["c0ffee00-0000-4000-8000-000000020002"])
        XCTAssertEqual(mobile["remote_category"] as? String, "mobile")
        XCTAssertEqual(mobile["rating_status"] as? String, "unrated")
        XCTAssertTrue(mobile["cost"] is NSNull)
        let unrated = try calls(["--unrated"])
        XCTAssertEqual(Array(unrated.keys), ["c0ffee00-0000-4000-8000-000000020002"])
    }

    func testRerateAfterATariffChangeKeepsThePreviousCostAndIsIdempotent() throws {
        try Data(secondTariff.utf8).write(to: tariff)
        let first = try succeed(["rerate", "--config", config])
        XCTAssertEqual(first, """
            8 calls examined, 1 changed
            testnet DE_FIXED: 0.02 → 0.02 EUR
            testnet DE_MOBILE: 0.00 → 0.30 EUR

            """)
        let mobile = try XCTUnwrap(try calls()["c0ffee00-0000-4000-8000-000000020002"])
        XCTAssertEqual(mobile["rating_status"] as? String, "rated")
        XCTAssertEqual(mobile["cost"] as? String, "0.30", "130 s at 10 ct/min in 60/60 steps: 3 minutes")
        let again = try succeed(["rerate", "--config", config])
        XCTAssertTrue(again.hasPrefix("8 calls examined, 0 changed\n"), again)
        XCTAssertEqual(try calls(["--unrated"]).count, 0)
    }

    func testExplainShowsTheDerivation() throws {
        let all = try calls()
        let id = try XCTUnwrap(all["c0ffee00-0000-4000-8000-000000010001"]?["id"] as? Int)
        let text = try succeed(["calls", "--config", config, "--explain", String(id)])
        XCTAssertTrue(text.contains("Stored: rated, cost 0.02 EUR"), text)
        XCTAssertTrue(text.contains("Remote number normalised to +49305550123, category local"), text)
        XCTAssertTrue(text.contains("Zone DE_FIXED \"Deutschland Festnetz\""), text)
        XCTAssertTrue(text.contains("Cost: 0.02 EUR"), text)
        let missing = try tollbook(["calls", "--db", database, "--explain", "99999"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("there is no call 99999"), missing.stderr)
    }

    func testTariffsCheckNamesFileLineAndKey() throws {
        let good = try tollbook(["tariffs", "check", tariff.path])
        XCTAssertEqual(good.status, 0)
        XCTAssertEqual(good.stdout, "\(tariff.path): ok\n")
        let bad = directory.appendingPathComponent("bad.ini")
        try Data(firstTariff.replacingOccurrences(of: "DE_FIXED = 1 ct/min 60/60", with: "DE_FIXED = -1 ct/min 60/60").utf8).write(to: bad)
        let result = try tollbook(["tariffs", "check", bad.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.contains("\(bad.path):13: error: DE_FIXED: negative price -1\n"), result.stdout)
    }

    func testBadConfigurationNamesFileLineAndKey() throws {
        try Data("sites:\n  - name: x\n    time_zone: Europe/Berlin\n    numbering: { country_code: 49, area_code: 30, outside_line_prefixes: [\"0\"] }\n    providers: { defualt: a }\n".utf8)
            .write(to: URL(fileURLWithPath: config))
        let result = try tollbook(["import", "--db", database, "--config", config, "--connector", "cisco.cucm",
                                   "--source", "cucm", TestEnvironment.vendorSample("cisco/cdr.txt").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("\(config):5: sites[0].providers.defualt: unknown key"), result.stderr)
    }
}
