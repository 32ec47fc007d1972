import Foundation
@testable import Store
import TestSupport
import TollbookCore
import XCTest

/// Privacy P9 and P13 end to end with the built `tollbook` and the specification's fixture:
/// Anna (ext 201, team T1), Ben (manager of T1), Wera (works council), Dora (DPO), Emil (no
/// approver role). Ben asks for Anna's May private numbers ("suspected misuse"): pending; Ben's
/// own approval and Emil's are refused; Wera's approval shows Ben the May numbers only — not April,
/// not Cleo's, not a protected number — watermarked; revoking masks them again. Anna's report
/// lists the unlock with its dates and purpose (not who asked), her calls as stored, and the
/// retention "private: 3 months".
final class FourEyesUnlockCommandTests: CLITestCase {
    private var config: String { directory.appendingPathComponent("tollbook.yaml").path }
    private let purpose = "suspected misuse"

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

            [version 2025-01]
            valid_from = 2025-01-01
            DE_FIXED = 1 ct/min 60/60

            """.utf8).write(to: tariffs.appendingPathComponent("testnet.ini"))
        try Data("""
            tariffs: tariffs
            sites:
              - name: berlin
                time_zone: Europe/Berlin
                sources: [berlin]
                numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"], extensions: ["200-299"] }
                providers: { default: testnet }
            access:
              bcrypt_cost: 4
            privacy:
              unlock:
                max_hours: 24
            """.utf8).write(to: URL(fileURLWithPath: config))
        // The calls as the ingest stages of [privacy] store them (category and protected class set).
        let store = try CallStore(path: database)
        let source = try store.sourceID(named: "berlin", connector: "cisco.cucm", timeZone: "Europe/Berlin", nowMs: 0)
        func call(_ start: String, _ ext: String, _ number: String, _ category: String, protected: String? = nil) throws {
            let startMs = try XCTUnwrap(UTCTimestamp.parse(start))
            var record = CallRecord(vendorRecordID: start, correlationID: "c", startMs: startMs, answerMs: startMs + 5_000,
                                    endMs: startMs + 130_000, ringMs: 5_000, talkMs: 125_000, direction: .outgoing,
                                    disposition: .answered)
            record.parties.extension = ext
            record.parties.calling = ext
            record.parties.called = number
            record.parties.remote = number
            record.pricing = CallPricing(remoteE164: number, extensionKey: "berlin/\(ext)", status: .rated, costMinor: 12,
                                         currency: "EUR")
            XCTAssertTrue(try store.insert(record, sourceID: source, importID: nil))
            let id = try XCTUnwrap(store.database.scalarInt("SELECT max(id) FROM calls"))
            try store.database.execute("UPDATE calls SET category = '\(category)' WHERE id = \(id)")
            if let protected { try store.database.execute("UPDATE calls SET protected_class = '\(protected)' WHERE id = \(id)") }
        }
        try call("2026-04-20T09:00:00Z", "201", "+493012345678", "private")                           // 1: April
        try call("2026-05-10T10:04:00Z", "201", "+493012345678", "private")                           // 2: May, private
        try call("2026-05-11T08:00:00Z", "201", "+4940987654321", "business")                         // 3: May, business
        try call("2026-05-12T08:00:00Z", "201", "+498001110111", "private", protected: "counselling")   // 4: May, protected
        try call("2026-05-13T08:00:00Z", "203", "+493055566677", "private")                           // 5: Cleo's
        let csv = directory.appendingPathComponent("org.csv")
        try Data("""
            path,participant,employee_id,extensions,valid_from
            Berlin/T1,Anna,E1,berlin/201,2026-01-01
            Berlin/T1,Ben,E2,berlin/202,2026-01-01
            Berlin/T1,Cleo,E3,berlin/203,2026-01-01
            Berlin/WorksCouncil,Wera,E4,berlin/204,2026-01-01

            """.utf8).write(to: csv)
        try run(["org", "import", csv.path])
        let password = directory.appendingPathComponent("user.pw").path
        XCTAssertTrue(FileManager.default.createFile(atPath: password, contents: Data("a long secret 123\n".utf8),
                                                     attributes: [.posixPermissions: 0o600]))
        try run(["users", "add", "anna", "--password-file", password, "--role", "employee", "--participant", "E1"])
        try run(["users", "add", "ben", "--password-file", password, "--role", "manager", "--scope", "Berlin/T1", "--participant", "E2"])
        try run(["users", "add", "wera", "--password-file", password, "--role", "works_council", "--participant", "E4"])
        try run(["users", "add", "dora", "--password-file", password, "--role", "dpo"])
        try run(["users", "add", "emil", "--password-file", password, "--role", "employee"])
    }

    /// `tollbook ARGS --config <config> --db <db>`, which must succeed.
    @discardableResult
    private func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments + ["--config", config, "--db", database])
        XCTAssertEqual(result.status, 0, "tollbook \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result.stdout
    }

    /// `tollbook ARGS`, which must fail; its error output.
    private func refused(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let result = try tollbook(arguments + ["--config", config, "--db", database])
        XCTAssertEqual(result.status, 1, "tollbook \(arguments.joined(separator: " ")) should fail", file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
        return result.stderr
    }

    /// Ben's listing as (id → called, watermark).
    private func bensView() throws -> [Int64: (called: String, watermark: String?)] {
        let rows = try XCTUnwrap(try json(try run(["calls", "--format", "json", "--as", "ben"])) as? [[String: Any]])
        var view: [Int64: (String, String?)] = [:]
        for row in rows {
            view[(row["id"] as? NSNumber)?.int64Value ?? -1] = (row["called"] as? String ?? "", row["watermark"] as? String)
        }
        return view
    }

    private func request() throws -> String {
        try run(["unlock", "request", "--as", "ben", "--subject", "E1", "--from", "2026-05-01", "--to", "2026-05-31",
                 "--fields", "number", "--purpose", purpose])
    }

    func testExtensionKPIsAreOnePersonsFiguresAndNeedAnUnlockCoveringTheOwner() throws {
        func kpi(_ entity: String, from: String = "2026-05-01") throws -> TestEnvironment.CommandResult {
            try tollbook(["kpi", "--entity", entity, "--from", from, "--to", "2026-05-31", "--bucket", "all", "--format", "json",
                          "--as", "ben", "--config", config, "--db", database])
        }
        let message = "Error: the KPIs of extension:201 are one person's performance figures: extension_kpis is disabled by "
            + "the co-determination profile (privacy.profile.extension_kpis) and no four-eyes unlock of yours covers the "
            + "extension's owner for the whole period\n"
        let refused = try kpi("extension:201")
        XCTAssertEqual(refused.status, 3, refused.stderr)
        XCTAssertEqual(refused.stdout, "")
        XCTAssertEqual(refused.stderr, message)

        _ = try request()
        XCTAssertEqual(try kpi("extension:201").status, 3, "a pending unlock covers nothing")
        XCTAssertTrue(try run(["unlock", "approve", "1", "--as", "wera"]).hasPrefix("unlock 1 approved until "))
        let covered = try kpi("extension:201")
        XCTAssertEqual(covered.status, 0, covered.stderr)
        let buckets = try XCTUnwrap(try json(covered.stdout) as? [[String: Any]])
        XCTAssertEqual(buckets.map { "\($0["entity"] ?? "") \($0["bucket_start"] ?? "") \($0["bucket_end"] ?? "")" },
                       ["extension:201 2026-05-01T00:00:00Z 2026-06-01T00:00:00Z"])
        // April is outside the unlock; Cleo's extension is another person.
        XCTAssertEqual(try kpi("extension:201", from: "2026-04-01").stderr, message)
        let cleo = try kpi("extension:203")
        XCTAssertEqual(cleo.status, 3)
        XCTAssertTrue(cleo.stderr.hasPrefix("Error: the KPIs of extension:203 are one person's performance figures"), cleo.stderr)
    }

    func testBenSeesAnnasMayNumbersOnlyAfterADifferentApproverApproves() throws {
        XCTAssertEqual(try request(), "unlock 1 requested: pending approval by a different person holding unlock.approve\n")
        let pending = try XCTUnwrap(try json(try run(["unlock", "list", "--format", "json", "--as", "wera"])) as? [[String: Any]])
        XCTAssertEqual(pending.map { "\($0["id"] ?? "") \($0["status"] ?? "") \($0["requester"] ?? "") \($0["purpose"] ?? "")" },
                       ["1 pending ben suspected misuse"])
        XCTAssertEqual(pending.first?["from"] as? String, "2026-05-01T00:00:00Z")
        XCTAssertEqual(pending.first?["to"] as? String, "2026-06-01T00:00:00Z")
        XCTAssertEqual(try bensView()[2]?.called, "+4930123XXXXX", "masked while pending")

        XCTAssertEqual(try refused(["unlock", "approve", "1", "--as", "ben"]),
                       "Error: unlock 1 must be approved by a different person than its requester (four-eyes rule)\n")
        XCTAssertEqual(try refused(["unlock", "approve", "1", "--as", "emil"]),
                       "Error: approve an unlock needs the permission unlock.approve\n")
        XCTAssertTrue(try run(["unlock", "approve", "1", "--as", "wera"]).hasPrefix("unlock 1 approved until "))

        let view = try bensView()
        XCTAssertEqual(view.keys.sorted(), [1, 2, 3, 4, 5])
        XCTAssertEqual(view[2]?.called, "+493012345678", "May: unlocked")
        XCTAssertEqual(view[1]?.called, "+4930123XXXXX", "April: outside the period")
        XCTAssertEqual(view[4]?.called, "protected: counselling", "protected numbers stay hidden")
        XCTAssertEqual(view[5]?.called, "+4930555XXXXX", "another person stays masked")
        XCTAssertEqual(view[3]?.called, "+4940987654321")
        let mark = try XCTUnwrap(view[2]?.watermark)
        XCTAssertTrue(mark.hasPrefix("UNLOCKED (four-eyes): shown to ben under unlock 1 until "), mark)
        XCTAssertTrue(view.values.allSatisfy { $0.watermark == mark }, "every row carries the watermark")
        XCTAssertEqual(try run(["calls", "--as", "ben"]).split(separator: "\n").first.map(String.init), mark)
        XCTAssertEqual(try run(["calls", "--format", "csv", "--as", "ben"]).split(separator: "\r\n").first?.hasSuffix(",watermark"), true)
        // Others' listings carry no watermark and stay masked.
        let annas = try XCTUnwrap(try json(try run(["calls", "--format", "json", "--as", "anna"])) as? [[String: Any]])
        XCTAssertEqual(annas.map { $0["called"] as? String ?? "" },
                       ["+4930123XXXXX", "+4930123XXXXX", "+4940987654321", "protected: counselling"])
        XCTAssertTrue(annas.allSatisfy { $0["watermark"] == nil })

        XCTAssertEqual(try run(["unlock", "revoke", "1", "--as", "ben"]), "unlock 1 revoked\n")
        XCTAssertEqual(try bensView()[2]?.called, "+4930123XXXXX", "revoked: masked again")
        XCTAssertNil(try bensView()[2]?.watermark)

        let audit = try XCTUnwrap(try json(try run(["audit", "list", "--action", "unlock", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(audit.map { "\($0["action"] ?? "") \($0["actor"] ?? "") \($0["outcome"] ?? "")" },
                       ["unlock.request ben success", "unlock.approve ben denied", "unlock.approve emil denied",
                        "unlock.approve wera success", "unlock.use ben success", "unlock.use ben success",
                        "unlock.use ben success", "unlock.revoke ben success"])
        XCTAssertTrue(audit.allSatisfy { !"\($0["detail"] ?? "")".contains("misuse") }, "the purpose stays in the unlock row")
    }

    func testAnnasReportListsTheUnlockHerCallsAndTheRetention() throws {
        _ = try request()
        try run(["unlock", "approve", "1", "--as", "wera"])
        let report = try XCTUnwrap(try json(try run(["privacy", "report", "--participant", "E1", "--format", "json", "--as", "anna"]))
                                   as? [String: Any])
        let processing = try XCTUnwrap(report["processing"] as? [String: Any])
        let retention = try XCTUnwrap(processing["retention"] as? [[String: String]])
        XCTAssertEqual(retention.map { "\($0["category"] ?? ""): \($0["detail_retention"] ?? "")" },
                       ["business: 6 months", "project: 6 months", "private: 3 months", "pin: 3 months"])
        let events = try XCTUnwrap(processing["unlock_events"] as? [[String: String]])
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events.first?["purpose"], purpose)
        XCTAssertEqual(events.first?["status"], "approved")
        XCTAssertEqual(events.first?["period_from"], "2026-05-01T00:00:00Z")
        XCTAssertEqual(events.first?["period_to"], "2026-06-01T00:00:00Z")
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        XCTAssertEqual(events.first?["requested"]?.prefix(10), Substring(today))
        XCTAssertEqual(events.first?["decided"]?.prefix(10), Substring(today))
        XCTAssertFalse(events.first.map { $0.values.contains { $0.contains("ben") || $0.contains("wera") } } ?? true,
                       "not who asked or approved")
        let sources = try XCTUnwrap(processing["sources"] as? [[String: String]])
        XCTAssertEqual(sources, [["source": "berlin", "connector": "cisco.cucm", "site": "berlin"]])
        let recipients = try XCTUnwrap(processing["recipients"] as? [[String: String]])
        XCTAssertEqual(recipients.map { $0["role"] ?? "" }, ["superuser", "admin", "manager", "employee", "works_council", "dpo"])
        let data = try XCTUnwrap(report["data"] as? [String: Any])
        let categories = try XCTUnwrap(data["categories"] as? [[String: String]])
        XCTAssertEqual(categories.map { "\($0["category"] ?? "")=\($0["calls"] ?? "")" },
                       ["business=1", "project=0", "private=3", "pin=0"])

        let out = directory.appendingPathComponent("anna.csv").path
        XCTAssertEqual(try run(["privacy", "report", "--participant", "E1", "--format", "csv", "--out", out, "--as", "anna"]),
                       "wrote \(out) and \(directory.appendingPathComponent("anna-information.csv").path)\n")
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), """
            call_id,start,end,direction,disposition,category,number,extension,ring_seconds,talk_seconds,cost,currency,source,connector\r
            1,2026-04-20T09:00:00Z,2026-04-20T09:02:10Z,outgoing,answered,private,+4930123XXXXX,201,5,125,0.12,EUR,berlin,cisco.cucm\r
            2,2026-05-10T10:04:00Z,2026-05-10T10:06:10Z,outgoing,answered,private,+4930123XXXXX,201,5,125,0.12,EUR,berlin,cisco.cucm\r
            3,2026-05-11T08:00:00Z,2026-05-11T08:02:10Z,outgoing,answered,business,+4940987654321,201,5,125,0.12,EUR,berlin,cisco.cucm\r
            4,2026-05-12,,outgoing,answered,private,protected: counselling,201,,,0.12,EUR,berlin,cisco.cucm\r

            """)
        let information = try String(contentsOfFile: directory.appendingPathComponent("anna-information.csv").path, encoding: .utf8)
        XCTAssertTrue(information.hasPrefix("section,table,row,column,value\r\n"))
        XCTAssertTrue(information.contains("\r\nprocessing,retention,3,detail_retention,3 months\r\n"))
        XCTAssertTrue(information.contains("\r\nprocessing,unlock_events,1,purpose,suspected misuse\r\n"))
        // The same report as PDF (read back with a real PDF reader): her masked numbers, the
        // protected call's label, the retention and the unlock's purpose.
        let pdf = directory.appendingPathComponent("anna.pdf").path
        XCTAssertEqual(try run(["privacy", "report", "--participant", "E1", "--format", "pdf", "--out", pdf, "--as", "anna"]),
                       "wrote \(pdf)\n")
        let text = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/pdftotext"), [pdf, "-"])
        XCTAssertEqual(text.status, 0, text.stderr)
        // Cells wrap inside their column: compare with runs of white space as one space.
        let flowing = text.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        for expected in ["+4930123XXXXX", "protected: counselling", "3 months", "suspected misuse"] {
            XCTAssertTrue(flowing.contains(expected), "\(expected) in\n\(text.stdout)")
        }
        XCTAssertFalse(text.stdout.contains("+493012345678"), "her own private number stays masked in her report")
    }

    func testOnlyTheSubjectAndTheDPOMayProduceTheReport() throws {
        XCTAssertEqual(try refused(["privacy", "report", "--participant", "E1", "--format", "json", "--as", "ben"]),
                       "Error: ben may produce only their own report (another person's needs privacy.subject_report, e.g. the dpo role)\n")
        XCTAssertTrue(try run(["privacy", "report", "--participant", "E1", "--format", "json", "--as", "dora"]).contains("\"calls\": ["))
        XCTAssertTrue(try refused(["privacy", "report", "--participant", "E1", "--format", "csv", "--as", "anna"]).contains("--out FILE"))
        let audit = try XCTUnwrap(try json(try run(["audit", "list", "--action", "privacy.report", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(audit.map { "\($0["actor"] ?? "") \($0["outcome"] ?? "")" }, ["ben denied", "dora success"])
    }
}
