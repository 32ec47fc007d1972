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

    func testTariffsCheckFindsClashesBetweenFiles() throws {
        let twin = directory.appendingPathComponent("tariffs/twin.ini")
        try Data(firstTariff.replacingOccurrences(of: "currency = EUR", with: "currency = EUR\naccess_codes = 01077").utf8).write(to: twin)
        let other = directory.appendingPathComponent("tariffs/other.ini")
        try Data(firstTariff.replacingOccurrences(of: "id = testnet", with: "id = other")
            .replacingOccurrences(of: "currency = EUR", with: "currency = EUR\naccess_codes = 01077").utf8).write(to: other)
        let result = try tollbook(["tariffs", "check", tariff.path, twin.path, other.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, """
            \(twin.path):2: error: id: provider id testnet is also used by \(tariff.path)
            \(other.path):5: error: access_codes: access code 01077 is also claimed by provider testnet (\(twin.path))
            \(tariff.path): ok

            """)
    }

    func testCallsSayHowTheyWerePricedAndExplainNumberReadsANumber() throws {
        let all = try calls()
        XCTAssertEqual(all["c0ffee00-0000-4000-8000-000000010001"]?["pricing"] as? String, "rated")
        XCTAssertEqual(all["c0ffee00-0000-4000-8000-000000010002"]?["pricing"] as? String, "not_billable")
        XCTAssertEqual(all["c0ffee00-0000-4000-8000-000000020002"]?["pricing"] as? String, "unrated")
        let id = try XCTUnwrap(all["c0ffee00-0000-4000-8000-000000020002"]?["id"] as? Int)
        let text = try succeed(["calls", "--config", config, "--explain", String(id)])
        XCTAssertTrue(text.contains("""
              unrated: destination matches no zone of testnet
              Tried provider testnet: the site's default provider
              Tried tariff version 2025-01 (valid from 2025-01-01) for the start
            """), text)
        XCTAssertTrue(text.hasSuffix("  Tried zones by longest prefix, none matched: DE_FIXED (+492, +493, +494, +495, …)\n"), text)

        let result = try tollbook(["sites", "explain-number", "--config", config, "--site", "berlin",
                                   "--at", "2025-06-02T10:00:00Z", "00301234567"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            Site berlin: country +49, area 30, international prefix 00, national prefix 0, outside-line prefixes 0
            Read as a dialled number: 00301234567
            Not an extension of the site
            Outside-line prefix 0 at the start (plan: 0): stripped → 0301234567
            National prefix 0: a national number follows → +49301234567
            Result: category local, E.164 +49301234567
            A 60 s call at 2025-06-02T10:00:00Z: rated, 0.01 EUR, provider testnet (the site's default provider), tariff version 2025-01, zone DE_FIXED "Deutschland Festnetz" by prefix +493

            """)
        let unknownSite = try tollbook(["sites", "explain-number", "--config", config, "--site", "hamburg", "0301234567"])
        XCTAssertEqual(unknownSite.status, 1)
        XCTAssertEqual(unknownSite.stderr, "Error: \(config): there is no site 'hamburg' (sites: berlin)\n")
    }

    func testAnImportWhoseCallsAllReadAsLocalWarnsOnce() throws {
        // Six copies of the bundled sample (a blank line apart, so each is read): 4 outgoing legs
        // each with an external number, all read as Berlin numbers.
        let sample = try Data(contentsOf: TestEnvironment.packageRoot
            .appendingPathComponent("examples/cucm/cdr_StandAloneCluster_01_202503030800_1"))
        let files = try (1...6).map { index -> String in
            let file = directory.appendingPathComponent("copy\(index).txt")
            try (sample + Data(repeating: 0x0A, count: index)).write(to: file)
            return file.path
        }
        let few = try tollbook(["import", "--db", database, "--config", config, "--connector", "cisco.cucm",
                                "--source", "cucm"] + files.prefix(4))
        XCTAssertEqual(few.status, 0, few.stderr)
        // (The connector's own warning about trunk-to-trunk legs without trunk_patterns is not this check's.)
        func siteWarnings(_ stderr: String) -> String {
            stderr.split(separator: "\n").filter { !$0.hasPrefix("plugin warning:") }.map { $0 + "\n" }.joined()
        }
        XCTAssertEqual(siteWarnings(few.stderr), "", "16 outgoing calls are too few to judge")
        let result = try tollbook(["import", "--db", database, "--config", config, "--connector", "cisco.cucm",
                                   "--source", "cucm"] + files)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(siteWarnings(result.stderr), "warning: site berlin: 24 of 24 outgoing calls (100 %) read as numbers in the site's own "
                       + "area 30. Likely cause: numbering.outside_line_prefixes is [\"0\"] but the PBX records dialled numbers "
                       + "without an access code (then set it to []), so mobile, service and international numbers are read as "
                       + "numbers in the site's own area. Check how a number is read with `tollbook sites explain-number --site "
                       + "berlin NUMBER`.\n")
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
