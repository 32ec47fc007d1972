import Foundation
import TestSupport
import XCTest

/// `tollbook report costs` and `report statement` end to end: rated Cisco calls, an org chart from
/// CSV, tariff packages from the configuration; every amount to the cent, every parent equal to
/// its own costs plus its children's.
final class ReportCommandsTests: CLITestCase {
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try TestTariffs.writeTestnet(below: directory)
        try Data("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            packages:
              - name: standard
                base_fee: "3.10"
                labour_per_hour: "36.00"
                services: [{ name: Line rental, monthly: "31.00" }]
                assign: [{ node: Berlin, from: 2025-01-01 }]
              - name: reseller
                base_fee: "6.20"
                markup_percent: "10"
                assign: [{ participant: E3, from: 2025-03-16 }]
            """.utf8).write(to: URL(fileURLWithPath: config))
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

    private func rows(_ arguments: [String]) throws -> [[String: Any]] {
        try XCTUnwrap(try json(try succeed(["report", "costs", "--config", config, "--from", "2025-03-01",
                                            "--to", "2025-03-31", "--format", "json"] + arguments)) as? [[String: Any]])
    }

    func testCostsByNodeRollUpToTheCent() throws {
        let nodes = try rows(["--by", "node"])
        let byPath = Dictionary(uniqueKeysWithValues: nodes.map { ($0["path"] as? String ?? "", $0) })
        // Anna: 4 calls, 160 s: calls 0.02, base fee 3.10, labour 160 s × 36.00/h = 1.60.
        // Ben: 2 calls, 170 s: calls 0.30 (one mobile minute pair), base fee 3.10, labour 1.70.
        XCTAssertEqual(byPath["Berlin/Sales"]?["total"] as? String, "9.82")
        XCTAssertEqual(byPath["Berlin/Sales"]?["call_costs"] as? String, "0.32")
        XCTAssertEqual(byPath["Berlin/Sales"]?["indirect_costs"] as? String, "9.50")
        // Cleo: standard 1–15 March (3.10 × 15/31 = 1.50), reseller from 16 March (6.20 × 16/31 = 3.20)
        // with 10 % markup on it (0.32); calls 0.01 and labour 20 s = 0.20 on 3 March under standard.
        XCTAssertEqual(byPath["Berlin/Support"]?["indirect_costs"] as? String, "4.90")
        XCTAssertEqual(byPath["Berlin/Support"]?["markup"] as? String, "0.32")
        XCTAssertEqual(byPath["Berlin/Support"]?["total"] as? String, "5.23")
        // Berlin's own: the line rental of its package (31.00 for 31 of 31 days).
        XCTAssertEqual(byPath["Berlin"]?["own_total"] as? String, "31.00")
        XCTAssertEqual(byPath["Berlin"]?["total"] as? String, "46.05")
        // Calls of extensions nobody owns (2999, 2610) stay on Other.
        XCTAssertEqual(byPath["Other"]?["calls"] as? Int, 2)
        XCTAssertEqual(byPath["Other"]?["total"] as? String, "0.04")
        XCTAssertEqual(byPath["(all)"]?["total_minor"] as? Int, 4605 + 4)
        for node in nodes where node["node_id"] is Int {
            let id = node["node_id"] as? Int
            let children = nodes.filter { child in
                guard let path = child["path"] as? String, let parent = node["path"] as? String else { return false }
                return path.hasPrefix(parent + "/") && !path.dropFirst(parent.count + 1).contains("/")
            }
            let sum = children.reduce(node["own_total_minor"] as? Int ?? -1) { $0 + ($1["total_minor"] as? Int ?? 0) }
            XCTAssertEqual(node["total_minor"] as? Int, sum, "node \(id ?? -1): parent = own + children")
        }
    }

    func testLevelAndSiteLimitTheRows() throws {
        XCTAssertEqual(try rows(["--by", "node", "--level", "1"]).compactMap { $0["path"] as? String },
                       ["Berlin", "Other", "(all)"])
        XCTAssertEqual(try rows(["--by", "site"]).compactMap { $0["total"] as? String }, ["46.05", "0.04", "46.09"])
    }

    func testCostsByParticipantAddUpToTheSameTotal() throws {
        let people = try rows(["--by", "participant"])
        XCTAssertEqual(people.compactMap { $0["participant"] as? String },
                       ["Anna", "Ben", "Cleo", "(not assigned to a participant)", "(all)"])
        XCTAssertEqual(people.compactMap { $0["total"] as? String }, ["4.72", "5.10", "5.23", "31.04", "46.09"])
    }

    func testAMovedPersonHasARowPerUnitAndPeopleWithoutCostsAreListed() throws {
        XCTAssertEqual(try succeed(["org", "participant", "move", "E2", "Berlin/Support", "--from", "2025-03-16"]),
                       "moved participant #2 to Berlin/Support from 2025-03-16\n")
        _ = try succeed(["org", "node", "add", "Hamburg"])
        _ = try succeed(["org", "participant", "add", "Dora", "--node", "Hamburg", "--employee-id", "E4", "--from", "2025-03-01"])
        let people = try rows(["--by", "participant"])
        XCTAssertEqual(people.map { "\($0["participant"] as? String ?? "-") \($0["path"] as? String ?? "-") \($0["total"] as? String ?? "-")" }, [
            "Anna Berlin/Sales 4.72", "Ben Berlin/Sales 3.50", "Ben Berlin/Support 1.60", "Cleo Berlin/Support 5.23",
            "Dora Hamburg 0.00", "(not assigned to a participant) - 31.04", "(all) - 46.09",
        ])
        // Ben: calls 0.30 and labour 1.70 before the move, base fee 3.10 split 15/16 days: 1.50 + 1.60 (his 5.10).
        let hidden = try rows(["--by", "participant", "--hide-empty"])
        XCTAssertEqual(hidden.compactMap { $0["participant"] as? String },
                       ["Anna", "Ben", "Ben", "Cleo", "(not assigned to a participant)", "(all)"])
    }

    func testStatementListsEveryItemOfTheCostCentre() throws {
        let statement = try succeed(["report", "statement", "--config", config, "--node", "Berlin/Sales",
                                     "--period", "2025-03"])
        XCTAssertEqual(statement, """
            node,participant,employee_id,month,item,package,quantity,unit,amount,currency\r
            Berlin/Sales,Anna,E1,2025-03,base fee,standard,31,days,3.10,EUR\r
            Berlin/Sales,Anna,E1,2025-03,calls,,4,calls,0.02,EUR\r
            Berlin/Sales,Anna,E1,2025-03,labour time,standard,160,seconds,1.60,EUR\r
            Berlin/Sales,Ben,E2,2025-03,base fee,standard,31,days,3.10,EUR\r
            Berlin/Sales,Ben,E2,2025-03,calls,,2,calls,0.30,EUR\r
            Berlin/Sales,Ben,E2,2025-03,labour time,standard,170,seconds,1.70,EUR\r
            Berlin/Sales,,,2025-03,total,,,,9.82,EUR\r

            """)
        let support = try succeed(["report", "statement", "--config", config, "--node", "Berlin/Support",
                                   "--period", "2025-03"])
        XCTAssertTrue(support.contains("Berlin/Support,Cleo,E3,2025-03,base fee,reseller,16,days,3.20,EUR"), support)
        XCTAssertTrue(support.contains("Berlin/Support,Cleo,E3,2025-03,markup,reseller,1000,basis points,0.32,EUR"), support)
        XCTAssertTrue(support.hasSuffix("Berlin/Support,,,2025-03,total,,,,5.23,EUR\r\n"), support)
    }

    func testCostsAsCSVFollowRFC4180() throws {
        _ = try succeed(["org", "node", "add", "Hamburg"])
        _ = try succeed(["org", "participant", "add", "Doe, \"Dora\"", "--node", "Hamburg", "--employee-id", "E4",
                         "--from", "2025-03-01"])
        let csv = try succeed(["report", "costs", "--config", config, "--from", "2025-03-01", "--to", "2025-03-31",
                               "--by", "participant", "--format", "csv"])
        XCTAssertTrue(csv.hasSuffix("\r\n"), csv)
        XCTAssertFalse(csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "no bare LF: \(csv)")
        let records = csv.components(separatedBy: "\r\n")
        XCTAssertEqual(records.count, 8, "header, Anna, Ben, Cleo, Dora, not assigned, all, and the empty tail")
        XCTAssertEqual(records[0], "participant_id,participant,employee_id,path,calls,talk_seconds,call_costs,"
                       + "indirect_costs,markup,total,total_minor")
        // Anna: 4 calls, 160 s, calls 0.02, base fee 3.10 + labour 1.60 = 4.70, total 4.72.
        XCTAssertEqual(records[1], "1,Anna,E1,Berlin/Sales,4,160,0.02,4.70,0.00,4.72,472")
        // Ben: 2 calls, 170 s, calls 0.30, base fee 3.10 + labour 1.70 = 4.80, total 5.10.
        XCTAssertEqual(records[2], "2,Ben,E2,Berlin/Sales,2,170,0.30,4.80,0.00,5.10,510")
        // The name holds a comma and quotes: quoted, the quotes doubled.
        XCTAssertEqual(records[4], "4,\"Doe, \"\"Dora\"\"\",E4,Hamburg,0,0,0.00,0.00,0.00,0.00,0")
        XCTAssertEqual(records[6].prefix(8), ",(all),,")
        XCTAssertEqual(records[7], "")
    }

    func testUnknownNodesAndBadPeriodsAreClearErrors() throws {
        let unknown = try tollbook(["report", "statement", "--db", database, "--config", config, "--node", "Hamburg",
                                    "--period", "2025-03"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("there is no org node 'Hamburg'"), unknown.stderr)
        let badMonth = try tollbook(["report", "statement", "--db", database, "--node", "1", "--period", "2025-13"])
        XCTAssertNotEqual(badMonth.status, 0)
        XCTAssertTrue(badMonth.stderr.contains("not a month YYYY-MM"), badMonth.stderr)
    }
}
