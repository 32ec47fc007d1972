import Foundation
import TestSupport
import XCTest

/// The privacy spec's acceptance tests P1–P4, P6 and P15 (`privacy-research.md` §5) end to end:
/// CUCM records of the spec's fixture (Anna, ext 201, in team T1 of cost centre CC-7; Ben, ext
/// 202, T1's manager) imported by the real `tollbook import` into a store on disk, read back with
/// the real `tollbook calls` (every format, `--explain`, `--as USER`) and `tollbook report costs`.
final class PrivacyPolicyCommandTests: CLITestCase {
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }

    /// 2026-05-04 (a Monday) 00:00 UTC.
    private let may4: Int64 = 1_777_852_800

    // MARK: Fixture

    /// One CUCM CDR line from the basic fixture's outgoing call with these fields replaced.
    private func cucmLine(id: Int, start: Int64, seconds: Int64, calling: String, called: String,
                          pin: String = "", outpulsed: String = "") throws -> String {
        let lines = try String(contentsOf: TestEnvironment.fixtures.appendingPathComponent("cisco/cdr_133_basic.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        var fields = Self.csvFields(String(lines[2]))
        func set(_ index: Int, _ value: String, quoted: Bool) { fields[index] = quoted ? "\"\(value)\"" : value }
        set(2, String(20_000 + id), quoted: false)
        set(3, String(26_000_000 + id), quoted: false)
        set(4, String(start), quoted: false)
        set(8, calling, quoted: true)
        set(25, String(27_000_000 + id), quoted: false)
        set(29, called, quoted: true)
        set(30, called, quoted: true)
        set(47, seconds > 0 ? String(start) : "0", quoted: false)
        set(48, String(start + seconds), quoted: false)
        set(50, "c0ffee00-0000-4000-8000-0000000\(String(format: "%05d", id))", quoted: true)
        set(55, String(seconds), quoted: false)
        set(67, "", quoted: true)
        set(68, "", quoted: true)
        set(70, "", quoted: true)
        set(77, pin, quoted: true)
        set(78, "", quoted: true)
        set(79, outpulsed, quoted: true)
        return fields.joined(separator: ",")
    }

    /// Splits one CSV line, keeping each field's quotes (so that it can be joined again unchanged).
    private static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == ",", !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    /// A CUCM file: the basic fixture's two header lines, then `records`.
    private func cdrFile(_ name: String, _ records: [String]) throws -> String {
        let lines = try String(contentsOf: TestEnvironment.fixtures.appendingPathComponent("cisco/cdr_133_basic.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let path = directory.appendingPathComponent(name).path
        try Data(([String(lines[0]), String(lines[1])] + records).joined(separator: "\n").appending("\n").utf8)
            .write(to: URL(fileURLWithPath: path))
        return path
    }

    private func writeConfiguration(privacy: String) throws {
        let tariffs = directory.appendingPathComponent("tariffs")
        try FileManager.default.createDirectory(at: tariffs, withIntermediateDirectories: true)
        try Data("""
            [provider]
            id = testnet
            name = Test Net
            currency = EUR

            [zone BERLIN]
            name = Berlin
            class = national
            prefixes = +4930

            [zone DE_FIXED]
            name = Deutschland Festnetz
            class = national
            prefixes = +492, +493, +494, +495, +496, +497, +499

            [zone DE_FREEPHONE]
            name = Deutschland 0800
            class = freephone
            prefixes = +49800, +49116

            [version 2025-01]
            valid_from = 2025-01-01
            BERLIN = 1 ct/min 60/60
            DE_FIXED = 1 ct/min 60/60
            DE_FREEPHONE = free

            """.utf8).write(to: tariffs.appendingPathComponent("testnet.ini"))
        try Data("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [cucm]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["200-299"] }
                providers: { default: testnet }
                categories:
                  private_prefixes: ["88"]
                  private_pins: ["9999"]
            access:
              bcrypt_cost: 4
            \(privacy)
            """.utf8).write(to: URL(fileURLWithPath: config))
    }

    /// Anna (E1, ext 201) and Ben (E2, ext 202) in Acme/CC-7/T1 from 1 January 2026; users `ben`
    /// (manager of T1, participant E2) and `anna` (employee, participant E1).
    private func setUpOrgAndUsers() throws {
        let csv = directory.appendingPathComponent("org.csv")
        try Data("""
            path,participant,employee_id,extensions,valid_from
            Acme/CC-7/T1,Anna,E1,berlin/201,2026-01-01
            Acme/CC-7/T1,Ben,E2,berlin/202,2026-01-01
            Acme/CC-7/T1,Carl,E3,berlin/203,2026-01-01
            Acme/CC-7/T1,Dana,E4,berlin/204,2026-01-01
            Acme/CC-7/T1,Emil,E5,berlin/205,2026-01-01

            """.utf8).write(to: csv)
        try run(["org", "import", csv.path])
        let password = directory.appendingPathComponent("user.pw").path
        XCTAssertTrue(FileManager.default.createFile(atPath: password, contents: Data("a long secret 123\n".utf8),
                                                     attributes: [.posixPermissions: 0o600]))
        try run(["users", "add", "ben", "--password-file", password, "--role", "manager", "--scope", "Acme/CC-7/T1",
                 "--participant", "E2"])
        try run(["users", "add", "anna", "--password-file", password, "--role", "employee", "--participant", "E1"])
    }

    /// `tollbook ARGS --config <config> --db <db>`, which must succeed.
    @discardableResult
    private func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments + ["--config", config, "--db", database])
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    private func import_(_ path: String) throws -> TestEnvironment.CommandResult {
        let result = try tollbook(["import", "--config", config, "--db", database, "--connector", "cisco.cucm", "--source", "cucm", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        return result
    }

    /// The bytes of the store file and its WAL (whatever exists).
    private func storeBytes() -> Data {
        ["", "-wal", "-journal"].compactMap { FileManager.default.contents(atPath: database + $0) }.reduce(Data(), +)
    }

    /// The rows of `calls --format json` (as `user`), by vendor record id.
    private func calls(as user: String? = nil) throws -> [String: [String: Any]] {
        let rows = try XCTUnwrap(try json(try run(["calls", "--format", "json"] + (user.map { ["--as", $0] } ?? []))) as? [[String: Any]])
        // The fixture's record ids end with the record's number: key the rows 20001, 20002, …
        return Dictionary(uniqueKeysWithValues: rows.map { row in
            (String(20_000 + (Int(String("\(row["vendor_record_id"] ?? "")".suffix(5))) ?? -20_000)), row)
        })
    }

    /// The standard fixture: Anna's private call of the spec (P1, P2), a business call to the same
    /// number, calls to the counselling line and to the works council (P4), a June private call (after
    /// the EVN-3 assignment) and a private-PIN call of Ben's.
    private func importStandardFixture() throws -> (records: [String], path: String) {
        let records = [
            // 1: the private prefix 88, then 0 (outside line) 030 12345678; 125 s from 10:04 Berlin.
            try cucmLine(id: 1, start: may4 + 8 * 3600 + 4 * 60, seconds: 125, calling: "201", called: "88003012345678",
                         outpulsed: "+493012345678"),
            // 2: business, the same number.
            try cucmLine(id: 2, start: may4 + 9 * 3600, seconds: 60, calling: "201", called: "003012345678",
                         outpulsed: "+493012345678"),
            // 3: the counselling line 0800 111 0 111.
            try cucmLine(id: 3, start: may4 + 11 * 3600, seconds: 300, calling: "201", called: "008001110111",
                         outpulsed: "+498001110111"),
            // 4: the works council's line, 65 s = 2 minutes at 1 ct.
            try cucmLine(id: 4, start: may4 + 12 * 3600, seconds: 65, calling: "201", called: "00305551000",
                         outpulsed: "+49305551000"),
            // 5: private again on 2 June 2026, after T1 got EVN-3.
            try cucmLine(id: 5, start: may4 + 29 * 86_400 + 8 * 3600, seconds: 30, calling: "201", called: "88003012345678"),
            // 6: Ben with his private PIN.
            try cucmLine(id: 6, start: may4 + 10 * 3600, seconds: 40, calling: "202", called: "00301234567", pin: "9999"),
        ]
        let path = try cdrFile("fixture.txt", records)
        _ = try import_(path)
        return (records, path)
    }

    private let standardPrivacy = """
        privacy:
          profile:
            cost_report_by_participant: true
            per_person_duration: true
          assignments:
            - org: Acme/CC-7/T1
              package: EVN-3
              from: 2026-06-01
          protected:
            - name: works_council
              numbers: ["+49 30 555 1000"]
        """

    // MARK: P1

    func testP1ThePrivatePrefixMakesAPrivateCallStoredWithTheNumberItLeadsTo() throws {
        try writeConfiguration(privacy: "")
        try setUpOrgAndUsers()
        _ = try importStandardFixture()
        // Stored (read as stored, not through the query layer) — the category and the E.164 number.
        let store = String(decoding: storeBytes(), as: UTF8.self)
        XCTAssertTrue(store.contains("+493012345678"))
        XCTAssertFalse(store.contains("88003012345678"), "the private prefix is not stored")
        let rows = try calls()
        XCTAssertEqual(rows["20001"]?["category"] as? String, "private")
        XCTAssertEqual(rows["20002"]?["category"] as? String, "business")
        XCTAssertEqual(rows["20006"]?["category"] as? String, "pin")
        XCTAssertEqual(rows["20006"]?["remote_e164"] as? String, "+493012XXXXX")
        XCTAssertNotNil(storeBytes().range(of: Data("+49301234567".utf8)),
                        "Ben's package keeps his number")
        XCTAssertEqual(rows["20001"]?["destination"] as? String, "Berlin")
        XCTAssertEqual(rows["20001"]?["cost"] as? String, "0.03", "priced as the number it leads to: 3 minutes at 1 ct")
    }

    // MARK: P2 and P6

    func testP2BenSeesAnnasPrivateCallMaskedAndHerBusinessCallInFull() throws {
        try writeConfiguration(privacy: standardPrivacy)
        try setUpOrgAndUsers()
        _ = try importStandardFixture()
        for viewer in ["ben", "anna", nil] as [String?] {
            let rows = try calls(as: viewer)
            let privateCall = try XCTUnwrap(rows["20001"], "viewer \(viewer ?? "owner")")
            // `+4930123XXXXX · 2:05 · Berlin · 10:04` (10:04 Berlin = 08:04 UTC).
            XCTAssertEqual(privateCall["remote_e164"] as? String, "+4930123XXXXX")
            XCTAssertEqual(privateCall["called"] as? String, "0030123XXXXX")
            XCTAssertEqual(privateCall["talk_seconds"] as? Int, 125)
            XCTAssertEqual(privateCall["destination"] as? String, "Berlin")
            XCTAssertEqual(privateCall["start"] as? String, "2026-05-04T08:04:00Z")
            XCTAssertEqual(privateCall["calling"] as? String, "201", "the own extension is not masked")
            let business = try XCTUnwrap(rows["20002"])
            XCTAssertEqual(business["remote_e164"] as? String, "+493012345678")
            XCTAssertEqual(business["called"] as? String, "003012345678")
            // Assignment history: T1 has EVN-3 from 1 June — the June call shows 3 digits masked.
            XCTAssertEqual(rows["20005"]?["remote_e164"] as? String, "+493012345XXX")
        }
        XCTAssertEqual(try calls(as: "anna").keys.sorted(), ["20001", "20002", "20003", "20004", "20005"],
                       "Anna sees her own calls only (P6)")
        // The same masking in CSV, JSON lines, the table and the reference formatter.
        for format in ["csv", "jsonl", "table"] {
            let output = try run(["calls", "--format", format, "--as", "ben"])
            // Lines end with LF, CSV records with CR LF (RFC 4180): both are newlines.
            let masked = output.split(whereSeparator: \.isNewline).filter { $0.contains("0030123XXXXX") }
            XCTAssertEqual(masked.count, 1, format)
            XCTAssertFalse(masked.contains { $0.contains("12345678") }, format)
        }
        let reference = try run(["calls", "--format", "json", "--reference-formatter"])
        XCTAssertEqual(reference, try run(["calls", "--format", "json"]), "fast path and reference agree on masked rows")
        let explain = try run(["calls", "--explain", "1"])
        XCTAssertFalse(explain.contains("12345678"))
        XCTAssertTrue(explain.contains("Derivation withheld: the call is shown per privacy package standard."), explain)
    }

    func testP2EveryFieldCanBeHiddenOrDeletedPerCategory() throws {
        try writeConfiguration(privacy: """
            privacy:
              packages:
                - name: minimal
                  private: { number: hide, duration: hide, place: hide, time: delete }
              default_package: minimal
              protected:
                - name: works_council
                  numbers: ["+49305551000"]
                  time: shown
                  duration: long_distance_only
            """)
        try setUpOrgAndUsers()
        _ = try importStandardFixture()
        let rows = try calls(as: "ben")
        let privateCall = try XCTUnwrap(rows["20001"])
        XCTAssertEqual(privateCall["remote_e164"] as? NSNull, NSNull())
        XCTAssertEqual(privateCall["called"] as? String, "")
        XCTAssertEqual(privateCall["remote"] as? String, "")
        XCTAssertEqual(privateCall["calling"] as? String, "201")
        for field in ["talk_seconds", "ring_seconds", "answer", "end", "destination", "zone"] {
            XCTAssertEqual(privateCall[field] as? NSNull, NSNull(), field)
        }
        XCTAssertEqual(privateCall["start"] as? String, "2026-05-04", "the time of day was deleted at ingest")
        XCTAssertEqual(privateCall["cost"] as? String, "0.03")
        // Business calls are complete.
        XCTAssertEqual(rows["20002"]?["remote_e164"] as? String, "+493012345678")
        XCTAssertEqual(rows["20002"]?["talk_seconds"] as? Int, 60)
        XCTAssertEqual(rows["20002"]?["destination"] as? String, "Berlin")
        // The works council's class shows the time, and the duration only of long-distance calls:
        // this one is local (Berlin to Berlin).
        let council = try XCTUnwrap(rows["20004"])
        XCTAssertEqual(council["remote"] as? String, "protected: works council")
        XCTAssertEqual(council["start"] as? String, "2026-05-04T12:00:00Z")
        XCTAssertEqual(council["talk_seconds"] as? NSNull, NSNull())
    }

    // MARK: P3

    func testP3ADeletedNumberNeverReachesTheStoreItsWALOrTheOutput() throws {
        try writeConfiguration(privacy: """
            privacy:
              packages:
                - name: strict
                  private: { number: delete }
                  pin: { number: delete }
              assignments:
                - participant: E1
                  package: strict
                  from: 2026-05-01
            """)
        try setUpOrgAndUsers()
        let records = [
            // Anna's (strict from 1 May: the owner at the call's start decides at ingest).
            try cucmLine(id: 1, start: may4 + 8 * 3600 + 4 * 60, seconds: 125, calling: "201", called: "88003012345678",
                         outpulsed: "+493012345678"),
            // Ben's: the standard package keeps the number (masked when shown).
            try cucmLine(id: 6, start: may4 + 10 * 3600, seconds: 40, calling: "202", called: "00301234567", pin: "9999",
                         outpulsed: "+49301234567"),
        ]
        let result = try import_(try cdrFile("private.txt", records))
        var scanned = result.stdout + result.stderr
        let rows = try calls()
        XCTAssertEqual(rows["20001"]?["cost"] as? String, "0.03", "priced before the number was deleted")
        XCTAssertEqual(rows["20001"]?["remote_e164"] as? NSNull, NSNull())
        XCTAssertEqual(rows["20001"]?["called"] as? String, "")
        XCTAssertEqual(rows["20006"]?["category"] as? String, "pin")
        XCTAssertEqual(rows["20006"]?["remote_e164"] as? String, "+493012XXXXX")
        XCTAssertNotNil(storeBytes().range(of: Data("+49301234567".utf8)),
                        "Ben's package keeps his number")
        // Re-rating leaves such calls alone instead of pricing them without a number.
        let rerate = try run(["rerate"])
        scanned += rerate + (try run(["calls", "--format", "csv"])) + (try run(["calls", "--explain", "1"]))
        XCTAssertEqual(try calls()["20001"]?["cost"] as? String, "0.03")
        for suffix in ["", "-wal", "-shm", "-journal"] {
            guard let data = FileManager.default.contents(atPath: database + suffix) else { continue }
            XCTAssertNil(data.range(of: Data("12345678".utf8)), "the digits are in \(database + suffix)")
        }
        XCTAssertFalse(scanned.contains("12345678"))
    }

    // MARK: P4

    func testP4ProtectedNumbersShowTheClassEverywhereAndCountOnlyForTheCostCentre() throws {
        try writeConfiguration(privacy: standardPrivacy)
        try setUpOrgAndUsers()
        _ = try importStandardFixture()
        for viewer in ["ben", "anna", nil] as [String?] {
            let rows = try calls(as: viewer)
            let counselling = try XCTUnwrap(rows["20003"])
            XCTAssertEqual(counselling["remote"] as? String, "protected: counselling")
            XCTAssertEqual(counselling["called"] as? String, "protected: counselling")
            XCTAssertEqual(counselling["protected_class"] as? String, "counselling")
            XCTAssertEqual(counselling["remote_e164"] as? NSNull, NSNull())
            XCTAssertEqual(counselling["talk_seconds"] as? NSNull, NSNull(), "no duration")
            XCTAssertEqual(counselling["ring_seconds"] as? NSNull, NSNull())
            XCTAssertEqual(counselling["end"] as? NSNull, NSNull())
            XCTAssertEqual(counselling["start"] as? String, "2026-05-04", "no time of day")
            XCTAssertEqual(rows["20004"]?["remote"] as? String, "protected: works council")
        }
        var channels = try run(["calls", "--format", "csv"]) + run(["calls", "--format", "jsonl", "--as", "ben"])
            + run(["calls", "--explain", "3"]) + run(["calls", "--explain", "4", "--as", "anna"])
        channels += try run(["calls"])
        XCTAssertTrue(try run(["calls", "--explain", "3"]).contains("Number: protected: counselling"))
        for digits in ["8001110111", "305551000", "5551000"] {
            XCTAssertFalse(channels.contains(digits), digits)
            XCTAssertNil(storeBytes().range(of: Data(digits.utf8)), "replaced at ingest: \(digits) is not stored")
        }
        // The cost centre's total includes the works-council call's charge (2 min × 1 ct), the
        // per-person figures leave both protected calls out.
        func costs(_ by: String) throws -> [[String: Any]] {
            try XCTUnwrap(try json(try run(["report", "costs", "--by", by, "--from", "2026-05-01", "--to", "2026-05-31",
                                            "--format", "json"])) as? [[String: Any]])
        }
        let nodes = Dictionary(uniqueKeysWithValues: try costs("node").map { ("\($0["path"] ?? "")", $0) })
        // Anna: private 0.03, business 0.01, counselling 0.00, works council 0.02; Ben: PIN call 0.01.
        XCTAssertEqual(nodes["Acme/CC-7/T1"]?["call_costs"] as? String, "0.07")
        XCTAssertEqual(nodes["Acme/CC-7"]?["call_costs"] as? String, "0.07")
        let people = Dictionary(uniqueKeysWithValues: try costs("participant").map { ("\($0["participant"] ?? "")", $0) })
        XCTAssertEqual(people["Anna"]?["call_costs"] as? String, "0.04", "per-person statistics exclude protected calls")
        XCTAssertEqual(people["Anna"]?["calls"] as? Int, 2)
        XCTAssertEqual(people["Ben"]?["call_costs"] as? String, "0.01")
    }

    // MARK: P15

    func testP15MalformedRecordsWithNumbersLeakNoNumberIntoOutputOrRejectMessages() throws {
        try writeConfiguration(privacy: standardPrivacy)
        try setUpOrgAndUsers()
        var generator = SplitMix(seed: 15)
        var records: [String] = []
        var numbers: [String] = []
        for index in 0..<60 {
            let number = "0049" + String(1_500_000_000 + Int(generator.next() % 400_000_000))
            numbers.append(String(number.suffix(8)))
            var line = try cucmLine(id: 100 + index, start: may4 + Int64(index) * 60, seconds: 30, calling: "201",
                                    called: "0" + String(number.dropFirst(2)), outpulsed: "+" + number.dropFirst(2))
            switch generator.next() % 6 {
            case 0: line = String(line.prefix(Int(generator.next() % UInt64(line.count))))          // cut short
            case 1: line = line.replacingOccurrences(of: ",", with: ";")                           // wrong separator
            case 2: line += ",\"extra\",\"\(number)\""                                              // too many fields
            case 3: line = line.replacingOccurrences(of: String(may4 + Int64(index) * 60), with: "x\(number)") // bad time
            case 4: line = "\"" + line                                                             // broken quoting
            default: break                                                                         // a good record
            }
            records.append(line)
        }
        let result = try tollbook(["import", "--config", config, "--db", database, "--connector", "cisco.cucm",
                                   "--source", "cucm", try cdrFile("fuzz.txt", records)])
        let rejects = try run(["rejects", "--format", "json", "--as", "ben"]) + run(["rejects", "--format", "csv"])
        let listings = try run(["calls", "--format", "csv", "--as", "ben"])
        // Reject messages (not their raw bytes, which only rejects.read_raw reads) and every log line.
        let rejectRows = try XCTUnwrap(try json(try run(["rejects", "--format", "json"])) as? [[String: Any]])
        let messages = rejectRows.map { "\($0["message"] ?? "") \($0["field"] ?? "")" }.joined(separator: "\n")
        XCTAssertGreaterThan(rejectRows.count, 5, "the fuzz produced rejects")
        let logs = result.stdout + result.stderr + messages
        XCTAssertNil(logs.range(of: #"\+[0-9]{6,}"#, options: .regularExpression), logs)
        XCTAssertNil(logs.range(of: #"[0-9]{9,}"#, options: .regularExpression), logs)
        for digits in numbers {
            XCTAssertFalse(logs.contains(digits), digits)
        }
        XCTAssertFalse(rejects.isEmpty)
        XCTAssertFalse(listings.isEmpty)
    }
}

/// A small deterministic generator (SplitMix64) for the fuzz test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
