import Foundation
import Numbering
import Pricing
import Rating
import TestSupport
import TollbookConfiguration
import TollbookCore
import XCTest

/// Issue 14, pricing: a misread numbering plan is caught at import, a number's reading is
/// explained step by step, every tariff of the folder is known by its access codes, and each
/// leg says how it was priced.
final class NumberingPlansAreCheckedTests: XCTestCase {
    private var tariffs: URL!

    override func setUpWithError() throws {
        tariffs = FileManager.default.temporaryDirectory.appendingPathComponent("tariffs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tariffs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestEnvironment.packageRoot.appendingPathComponent("tariffs/nordtel.ini"),
                                         to: tariffs.appendingPathComponent("nordtel.ini"))
        try Data("""
            [provider]
            id = sparruf
            access_codes = 01077
            [zone DE]
            prefixes = +49
            [version v1]
            valid_from = 2025-01-01
            DE = 1 ct/min 60/60

            """.utf8).write(to: tariffs.appendingPathComponent("sparruf.ini"))
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: tariffs)
        super.tearDown()
    }

    private func pricer(outsideLine: [String], callByCall: [String: String] = [:]) throws -> CallPricer {
        var numbering = NumberingSettings(countryCode: "49", areaCode: "30", outsideLinePrefixes: outsideLine)
        numbering.extensions = [DigitRange("2000", "2999")]
        let site = SiteConfiguration(name: "berlin", timeZone: "Europe/Berlin", sources: ["pbx"], numbering: numbering,
                                     providers: ProviderSettings(defaultProvider: "nordtel", callByCall: callByCall))
        return try CallPricer(site: site, tariffsDirectory: tariffs.path)
    }

    /// An answered outgoing leg of 90 s on 2026-03-02 at 10:00 UTC from extension 2001.
    private func outgoing(_ called: String, id: Int = 1) -> CallRecord {
        let start: Int64 = 1_772_445_600_000
        return CallRecord(vendorRecordID: "r\(id)", correlationID: "c\(id)", startMs: start, answerMs: start + 5000,
                          endMs: start + 95_000, ringMs: 5000, talkMs: 90_000, direction: .outgoing, disposition: .answered,
                          parties: CallParties(calling: "2001", called: called, extension: "2001"))
    }

    func testAPlanThatReadsEveryNumberAsLocalIsWarnedAboutOnce() throws {
        // The PBX records dialled numbers without an access code; the plan wrongly says "0".
        let dialled = ["015112345678", "01761234567", "004312345678", "08001234567", "0301234567"]
        let records = (0..<25).map { outgoing(dialled[$0 % dialled.count], id: $0) }
        var wrong = try pricer(outsideLine: ["0"])
        let tally = OutgoingPlausibility()
        wrong.plausibility = tally
        var batch = CallBatch(records)
        wrong.price(&batch)
        XCTAssertEqual(batch.pricing(at: 0)?.remoteE164, "+493015112345678", "the mobile number misread in Berlin")
        XCTAssertEqual(batch.pricing(at: 0)?.pricing, .flat, "and silently priced as national flat")
        XCTAssertEqual(tally.outgoing, 25)
        XCTAssertEqual(tally.ownArea, 20, "all but the international number, read as 0 + 0431…: Kiel")
        XCTAssertEqual(tally.warning(site: "berlin", areaCode: "30", outsideLinePrefixes: ["0"]),
            "warning: site berlin: 20 of 25 outgoing calls (80 %) read as numbers in the site's own area 30; "
            + "25 of 25 outgoing calls (100 %) fell into zone nordtel DE_FIXED. Likely cause: "
            + "numbering.outside_line_prefixes is [\"0\"] but the PBX records dialled numbers without an access code "
            + "(then set it to []), so mobile, service and international numbers are read as numbers in the site's own area. "
            + "Check how a number is read with `tollbook sites explain-number --site berlin NUMBER`.")

        var right = try pricer(outsideLine: [])
        let fine = OutgoingPlausibility()
        right.plausibility = fine
        var again = CallBatch(records)
        right.price(&again)
        XCTAssertEqual((0..<5).map { again.pricing(at: $0)?.remoteCategory }, ["mobile", "mobile", "international", "special", "local"])
        XCTAssertEqual((0..<5).map { again.pricing(at: $0)?.pricing }, [.rated, .rated, .rated, .free, .flat])
        XCTAssertEqual(again.pricing(at: 0)?.costMinor, 15, "90 s at 9.9 ct/min in 60/1 steps: 14.85 ct")
        XCTAssertEqual(fine.ownArea, 5, "only the Berlin number")
        XCTAssertNil(fine.warning(site: "berlin", areaCode: "30", outsideLinePrefixes: []))

        let few = OutgoingPlausibility()
        wrong.plausibility = few
        var small = CallBatch(Array(records.prefix(19)))
        wrong.price(&small)
        XCTAssertNil(few.warning(site: "berlin", areaCode: "30", outsideLinePrefixes: ["0"]), "19 calls are too few to judge")
    }

    func testExplainNumberShowsEveryStep() throws {
        let at: Int64 = 1_772_445_600_000
        XCTAssertEqual(try pricer(outsideLine: ["0"]).explainNumber("015112345678", atMs: at), [
            "Site berlin: country +49, area 30, international prefix 00, national prefix 0, outside-line prefixes 0",
            "Read as a dialled number: 015112345678",
            "Not an extension of the site",
            "Outside-line prefix 0 at the start (plan: 0): stripped → 15112345678",
            "Neither international nor national prefix nor short code: a subscriber number in the site's own area 30 → +493015112345678",
            "Result: category local, E.164 +493015112345678",
            "A 60 s call at 2026-03-02T10:00:00Z: flat, 0.00 EUR, provider nordtel (the site's default provider), "
                + "tariff version 2026-01, zone DE_FIXED \"Deutschland Festnetz\" by prefix +493",
        ])
        XCTAssertEqual(try pricer(outsideLine: []).explainNumber("015112345678", atMs: at), [
            "Site berlin: country +49, area 30, international prefix 00, national prefix 0, outside-line prefixes none (dialled numbers are recorded without an access code)",
            "Read as a dialled number: 015112345678",
            "Not an extension of the site",
            "The plan has no outside-line prefixes: the number is read as dialled",
            "National prefix 0: a national number follows → +4915112345678",
            "Result: category mobile, E.164 +4915112345678",
            "A 60 s call at 2026-03-02T10:00:00Z: rated, 0.10 EUR, provider nordtel (the site's default provider), "
                + "tariff version 2026-01, zone DE_MOBILE \"Deutschland Mobilfunk\" by prefix +4915",
        ])
        let callByCall = try pricer(outsideLine: ["0"]).explainNumber("0010770301234567", atMs: at)
        XCTAssertEqual(Array(callByCall.dropFirst(2)), [
            "Not an extension of the site",
            "Outside-line prefix 0 at the start (plan: 0): stripped → 010770301234567",
            "Call-by-call prefix 01077 after it: selects a provider, stripped",
            "National prefix 0: a national number follows → +49301234567",
            "Result: category local, E.164 +49301234567, call-by-call 01077",
            "A 60 s call at 2026-03-02T10:00:00Z: rated, 0.01 EUR, provider sparruf (call-by-call code 01077), "
                + "tariff version v1, zone DE \"DE\" by prefix +49",
        ])
    }

    func testATariffsOwnAccessCodeSelectsItUnlessTheSiteMapsTheCode() throws {
        let call = outgoing("0010770301234567")
        let own = try pricer(outsideLine: ["0"]).pricing(for: call).pricing
        XCTAssertEqual(own.status, .rated)
        XCTAssertEqual(own.provider, "sparruf", "the folder's tariff with access_codes = 01077")
        XCTAssertEqual(own.costMinor, 2, "90 s at 1 ct/min in 60/60 steps")
        let mapped = try pricer(outsideLine: ["0"], callByCall: ["01077": "nordtel"]).pricing(for: call).pricing
        XCTAssertEqual(mapped.provider, "nordtel", "the site's own mapping wins")
        XCTAssertEqual(mapped.pricing, .flat)
        let unknown = try pricer(outsideLine: ["0"]).pricing(for: outgoing("0010880301234567")).pricing
        XCTAssertEqual(unknown.unratedReason, "call-by-call code 01088 selects no known provider")
    }

    func testTwoFilesWithOneProviderOrAccessCodeAreRefused() throws {
        try Data(try Data(contentsOf: tariffs.appendingPathComponent("sparruf.ini"))).write(to: tariffs.appendingPathComponent("zweit.ini"))
        XCTAssertThrowsError(try pricer(outsideLine: ["0"])) { error in
            XCTAssertEqual("\(error)", """
                the tariffs in \(tariffs.path) clash:
                  \(tariffs.path)/zweit.ini:2: error: id: provider id sparruf is also used by \(tariffs.path)/sparruf.ini
                """)
        }
    }

    func testAnUnratedCallExplainsWhatWasTried() throws {
        let lines = try pricer(outsideLine: ["0"]).explain(outgoing("0090012345"))
        XCTAssertEqual(Array(lines.dropFirst()), [
            "Remote number normalised to +4990012345, category premium",
            "unrated: nordtel zone DE_PREMIUM is not priced: price set by the service provider (announcement)",
            "Tried provider nordtel: the site's default provider",
            "Tried tariff version 2026-01 (valid from 2026-01-01) for the start 2026-03-02T10:00:05Z",
            "Tried zones by longest prefix: zone DE_PREMIUM matched by +49900",
        ])
        let noZone = try pricer(outsideLine: ["0"]).explain(outgoing("00099912345"))
        XCTAssertEqual(noZone.last, "Tried zones by longest prefix, none matched: DE_FIXED (+492, +493, +494, +495, …); "
                       + "DE_MOBILE (+4915, +4916, +4917); DE_FREEPHONE (+49800); DE_SERVICE (+49700, +49180); "
                       + "DE_SVC_01802 (+491802); DE_PREMIUM (+49900, +49137); EMERGENCY (110, 112); "
                       + "EU_FIXED (+31, +33, +43, +48); EU_MOBILE (+316, +336, +337, +4366, …); WORLD_1 (+90, +1)")
        let rated = try pricer(outsideLine: ["0"]).explain(outgoing("015112345678"))
        XCTAssertTrue(rated.contains("Priced from the answer time 2026-03-02T10:00:05Z (the call started 2026-03-02T10:00:00Z)"), "\(rated)")
        XCTAssertEqual(rated.last, "Cost: 0.00 EUR")
    }
}
