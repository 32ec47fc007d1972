import Foundation
import TestSupport
import XCTest

/// `tollbook org`: CSV import (diff, dry run, idempotence, errors by line), `org show` as tree and
/// JSON, unowned classifiers of imported calls under Other, and the node/participant/classifier commands.
final class OrgCommandsTests: CLITestCase {
    private var csv: String { directory.appendingPathComponent("org.csv").path }

    private let chartFile = """
        path,participant,email,employee_id,person_group,extensions,valid_from
        Berlin/Sales/Inside sales,Anna Schmidt,anna@example.com,E1001,staff,berlin/2001,2025-01-01
        Berlin/Support,Ben Braun,,E1002,,berlin/2002;berlin/2003,2025-01-01

        """

    private func write(_ text: String, to path: String? = nil) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path ?? csv))
    }

    func testImportPrintsTheDiffAppliesItAndIsIdempotent() throws {
        try write(chartFile)
        let expected = """
            + node Berlin (site)
            + node Berlin/Sales (cost_centre)
            + node Berlin/Sales/Inside sales (department)
            + node Berlin/Support (cost_centre)
            + participant Anna Schmidt (E1001) at Berlin/Sales/Inside sales from 2025-01-01
            + participant Ben Braun (E1002) at Berlin/Support from 2025-01-01
            + extension berlin/2001 → Anna Schmidt (E1001) from 2025-01-01
            + extension berlin/2002 → Ben Braun (E1002) from 2025-01-01
            + extension berlin/2003 → Ben Braun (E1002) from 2025-01-01

            """
        XCTAssertEqual(try succeed(["org", "import", csv, "--dry-run"]), expected + "dry run: nothing changed\n")
        XCTAssertEqual(try succeed(["org", "show"]), "Other (other)\n", "the dry run changed nothing")
        XCTAssertEqual(try succeed(["org", "import", csv]), expected)
        XCTAssertEqual(try succeed(["org", "import", csv]), "no changes\n")
        XCTAssertEqual(try succeed(["org", "show"]), """
            Berlin (site)
              Sales (cost_centre)
                Inside sales (department)
                  Anna Schmidt (E1001) <anna@example.com>: extension berlin/2001
              Support (cost_centre)
                Ben Braun (E1002): extension berlin/2002, extension berlin/2003
            Other (other)

            """)
        XCTAssertEqual(try succeed(["org", "show", "--depth", "2"]), """
            Berlin (site)
              Sales (cost_centre)
              Support (cost_centre)
            Other (other)

            """)
    }

    func testASecondFileMovesReassignsAndEndsFromItsDate() throws {
        try write(chartFile)
        _ = try succeed(["org", "import", csv])
        try write("""
            path,participant,employee_id,extensions,valid_from
            Berlin/Support,Anna Schmidt,E1001,berlin/2001;berlin/2003,2025-04-01
            Berlin/Support,Ben Braun,E1002,berlin/2002,2025-04-01

            """)
        XCTAssertEqual(try succeed(["org", "import", csv]), """
            > participant Anna Schmidt (E1001): Berlin/Sales/Inside sales → Berlin/Support from 2025-04-01
            + extension berlin/2003 → Anna Schmidt (E1001) from 2025-04-01 (was Ben Braun (E1002))

            """)
        XCTAssertEqual(try succeed(["org", "import", csv]), "no changes\n")
        let earlier = try succeed(["org", "show", "--at", "2025-03-31"])
        XCTAssertTrue(earlier.contains("      Anna Schmidt (E1001) <anna@example.com>: extension berlin/2001\n"), earlier)
    }

    private var today: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    func testExcelFilesAreReadWithTheirEncodingAndSemicolons() throws {
        // German Excel: semicolons, Windows-1252 (ü = 0xFC), CRLF.
        let bytes = Array("path;participant;employee_id\r\nBerlin/Vertrieb;J".utf8) + [0xFC] + Array("rgen;E7\r\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: csv))
        let refused = try tollbook(["org", "import", csv, "--db", database])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr, "Error: \(csv): not UTF-8 at line 2, column 18; a file Excel saved as CSV is usually "
                       + "Windows-1252: pass --encoding windows-1252\n")
        XCTAssertEqual(try succeed(["org", "import", csv, "--encoding", "windows-1252", "--dry-run"]), """
            + node Berlin (site)
            + node Berlin/Vertrieb (cost_centre)
            + participant Jürgen (E7) at Berlin/Vertrieb from \(today)
            dry run: nothing changed

            """)
    }

    func testMovingANodeNamesTheChildThatWouldBeTooDeep() throws {
        _ = try succeed(["org", "node", "add", "1/2/3/4/5/6"])
        _ = try succeed(["org", "node", "add", "A/B"])
        let deep = try tollbook(["org", "node", "move", "A", "1/2/3/4/5/6", "--db", database])
        XCTAssertEqual(deep.status, 1)
        XCTAssertEqual(deep.stderr, "Error: '1/2/3/4/5/6/A' would be 7 levels deep, but the node below it '1/2/3/4/5/6/A/B' "
                       + "would be 8 levels deep; the org chart has at most 7 levels\n")
    }

    func testImportErrorsNameTheirLinesAndNothingChanges() throws {
        try write("""
            path,participant,extensions
            A/B/C/D/E/F/G/H,Xaver,berlin/2101
            Berlin/Sales,,berlin/2102
            Berlin/Sales,Yusuf,berlin/2103
            Berlin/Sales,Zoe,berlin/2103
            Berlin/Sales,Wim,2104

            """)
        let result = try tollbook(["org", "import", csv, "--db", database])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, """
            Error: the file has 4 problem(s), nothing was changed:
              line 2, column path: 'A/B/C/D/E/F/G/H' would be 8 levels deep; the org chart has at most 7 levels
              line 3, column participant: the name is empty
              line 5: overlapping assignment: extension berlin/2103 is also assigned at line 4
              line 6, column extensions: '2104' has no site: write <site>/<extension> (e.g. berlin/2001) or pass --config

            """)
        try write("path,participant,colour\nBerlin,Anna,red\n")
        let unknown = try tollbook(["org", "import", csv, "--db", database])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("line 1, column colour: unknown column"), unknown.stderr)
        XCTAssertEqual(try succeed(["org", "show"]), "Other (other)\n")
    }

    func testImportedCallsShowTheirUnownedClassifiersUnderOtherUntilAssigned() throws {
        let config = directory.appendingPathComponent("tollbook.yaml").path
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tariffs"), withIntermediateDirectories: true)
        try write("""
            [provider]
            id = testnet
            name = Test Net
            currency = EUR

            [zone DE_FIXED]
            name = Deutschland Festnetz
            class = national
            prefixes = +493

            [version 2025-01]
            valid_from = 2025-01-01
            DE_FIXED = 1 ct/min 60/60

            """,
                  to: directory.appendingPathComponent("tariffs/testnet.ini").path)
        try write("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["2000-2999"] }
                providers: { default: testnet }
            """, to: config)
        _ = try succeed(["import", "--config", config, "--connector", "cisco.cucm", "--source", "cucm",
                         TestEnvironment.fixtures.appendingPathComponent("cisco/cdr_133_basic.txt").path])
        XCTAssertEqual(try succeed(["org", "show"]), """
            Other (other)
              pin 8080
              account_code 4711
              extension berlin/2001
              extension berlin/2002
              extension berlin/2003
              extension berlin/2999

            """)
        // Extensions as dialled are mapped to the site's key through the configuration.
        try write("path,participant,extensions,valid_from\nBerlin/Sales,Anna Schmidt,2001,2025-01-01\n")
        XCTAssertEqual(try succeed(["org", "import", csv, "--config", config]), """
            + node Berlin (site)
            + node Berlin/Sales (cost_centre)
            + participant Anna Schmidt at Berlin/Sales from 2025-01-01
            + extension berlin/2001 → Anna Schmidt from 2025-01-01

            """)
        _ = try succeed(["org", "classifier", "assign", "pin", "8080", "Anna Schmidt", "--from", "2025-01-01"])
        let json = try XCTUnwrap(try json(try succeed(["org", "show", "--format", "json", "--at", "2025-03-03"])) as? [String: Any])
        XCTAssertEqual(json["at"] as? String, "2025-03-03")
        let nodes = try XCTUnwrap(json["nodes"] as? [[String: Any]])
        XCTAssertEqual(nodes.map { $0["path"] as? String }, ["Berlin", "Other"])
        let other = nodes[1]
        XCTAssertEqual((other["unowned_classifiers"] as? [[String: String]])?.map { $0["kind"]! + " " + $0["value"]! },
                       ["account_code 4711", "extension berlin/2002", "extension berlin/2003", "extension berlin/2999"])
        let sales = try XCTUnwrap((nodes[0]["children"] as? [[String: Any]])?.first)
        let anna = try XCTUnwrap((sales["participants"] as? [[String: Any]])?.first)
        XCTAssertEqual(anna["name"] as? String, "Anna Schmidt")
        XCTAssertEqual(anna["since"] as? String, "2025-01-01")
        XCTAssertTrue(anna["email"] is NSNull)
        XCTAssertEqual((anna["classifiers"] as? [[String: Any]])?.map { $0["value"] as? String }, ["8080", "berlin/2001"])
    }

    func testNodeParticipantAndClassifierCommands() throws {
        XCTAssertEqual(try succeed(["org", "node", "add", "Berlin/Sales", "--type", "department"]),
                       "created node Berlin\ncreated node Berlin/Sales\n")
        _ = try succeed(["org", "node", "add", "Hamburg"])
        XCTAssertEqual(try succeed(["org", "participant", "add", "Anna Schmidt", "--node", "Berlin/Sales", "--employee-id", "E1001",
                                    "--from", "2025-01-01"]), "added participant #1 at Berlin/Sales from 2025-01-01\n")
        XCTAssertEqual(try succeed(["org", "classifier", "assign", "extension", "berlin/2001", "E1001", "--from", "2025-01-01"]),
                       "assigned extension berlin/2001 from 2025-01-01\n")
        XCTAssertEqual(try succeed(["org", "participant", "move", "E1001", "Hamburg", "--from", "2025-02-01"]),
                       "moved participant #1 to Hamburg from 2025-02-01\n")
        XCTAssertEqual(try succeed(["org", "node", "move", "Berlin/Sales", "Hamburg"]), "moved node Berlin/Sales to Hamburg/Sales\n")
        XCTAssertEqual(try succeed(["org", "node", "rename", "Hamburg/Sales", "Vertrieb"]), "renamed node Hamburg/Sales to Vertrieb\n")
        XCTAssertEqual(try succeed(["org", "node", "remove", "Hamburg/Vertrieb"]),
                       "retired node Hamburg/Vertrieb (kept for the history of its former participants)\n")
        let busy = try tollbook(["org", "node", "remove", "Hamburg", "--db", database])
        XCTAssertEqual(busy.status, 1)
        XCTAssertEqual(busy.stderr, "Error: node 'Hamburg' has 0 child node(s) and 1 current participant(s); move or remove them first\n")
        XCTAssertEqual(try succeed(["org", "participant", "rename", "#1", "Anna Schulz"]), "renamed participant #1\n")
        XCTAssertEqual(try succeed(["org", "classifier", "end", "extension", "berlin/2001", "--at", "2025-03-01"]),
                       "ended extension berlin/2001 of #1 at 2025-03-01\n")
        XCTAssertEqual(try succeed(["org", "participant", "remove", "E1001", "--from", "2025-04-01"]),
                       "participant #1 leaves 2025-04-01\n")
        XCTAssertEqual(try succeed(["org", "show", "--at", "2025-02-15"]), """
            Berlin (site)
            Hamburg (site)
              Anna Schulz (E1001): extension berlin/2001
            Other (other)

            """)
        let deep = try tollbook(["org", "node", "add", "1/2/3/4/5/6/7/8", "--db", database])
        XCTAssertEqual(deep.stderr, "Error: '1/2/3/4/5/6/7/8' would be 8 levels deep; the org chart has at most 7 levels\n")
    }
}
