import TollbookConfiguration
import Numbering
import Foundation
import PluginTestSupport
import Pricing
import Rating
import TestSupport
import TollbookCore
import XCTest

/// Import prices whole batches (`price(_ batch:)`), `calls --explain` and `rerate` price one leg
/// (`pricing(for:)`): on every record of all four connectors' fixtures both must agree exactly,
/// party numbers included.
final class BatchPricingMatchesLegPricingTests: XCTestCase {
    private static let fixtures: [(product: String, folder: String, files: [String], options: String, plan: NumberingSettings)] = [
        ("TollbookCisco", "cisco", ["cdr_133_basic.txt", "cdr_129.txt", "cdr_123_cucm105.txt", "cdr_forwards.txt",
                                    "cdr_transfer_chain.txt", "cdr_hunt_group.txt", "cdr_bridge_legs.txt"], "{}",
         settings(extensions: [DigitRange("2000", "2999"), DigitRange("6000", "6999")],
                  did: DIDBlockSettings(prefix: "+4930555", extensions: DigitRange("2000", "2999")))),
        ("TollbookUnify", "unify", ["osbiz_pipe_calls.txt", "hipath_compressed_calls.txt", "hipath_long_calls.txt"], "{}",
         settings(extensions: [DigitRange("101", "126")], outsideLine: [])),
        ("TollbookInnovaphone", "innovaphone", ["calls.xml"], "{}",
         settings(extensions: [DigitRange("100", "999")])),
        ("TollbookSwyx", "swyx", ["swyx_cdr.txt", "swyx_ippbxcdr.csv"], "{}",
         settings(extensions: [DigitRange("200", "399"), DigitRange("800", "899")])),
    ]

    private static func settings(extensions: [DigitRange], did: DIDBlockSettings? = nil,
                                 outsideLine: [String] = ["0"]) -> NumberingSettings {
        var numbering = NumberingSettings(countryCode: "49", areaCode: "30", outsideLinePrefixes: outsideLine)
        numbering.extensions = extensions
        numbering.didBlocks = did.map { [$0] } ?? []
        return numbering
    }

    private func pricer(_ numbering: NumberingSettings) throws -> CallPricer {
        let site = SiteConfiguration(name: "berlin", timeZone: "Europe/Berlin", sources: ["test"], numbering: numbering,
                                     providers: ProviderSettings(defaultProvider: "nordtel", callByCall: ["01099": "taktwerk"]))
        return try CallPricer(site: site, tariffsDirectory: TestEnvironment.packageRoot.appendingPathComponent("tariffs").path)
    }

    func testBothPathsAgreeOnEveryFixtureRecord() throws {
        var compared = 0
        var rated = 0
        var classifiedParties = 0
        for fixture in Self.fixtures {
            let harness = try PluginHarness(product: fixture.product)
            let pricer = try pricer(fixture.plan)
            for file in fixture.files {
                let records = try harness.parseFixture("\(fixture.folder)/\(file)", options: fixture.options).records
                XCTAssertFalse(records.isEmpty, "\(fixture.folder)/\(file) has calls")
                var batch = CallBatch(records)
                pricer.price(&batch)
                for (index, record) in records.enumerated() {
                    let single = pricer.pricing(for: record).pricing
                    XCTAssertEqual(batch.pricing(at: index), single, "\(fixture.folder)/\(file) record \(index)")
                    compared += 1
                    if single.status == .rated { rated += 1 }
                    let parties = [single.numbers.calling, single.numbers.called, single.numbers.originalCalled,
                                   single.numbers.connected, single.numbers.redirecting]
                    classifiedParties += parties.filter { !$0.category.isEmpty }.count
                }
            }
        }
        XCTAssertGreaterThan(compared, 60)
        XCTAssertGreaterThan(rated, 5, "outgoing fixture calls are priced")
        XCTAssertGreaterThan(classifiedParties, 2 * compared - 10, "calling and called are classified on nearly every leg")
    }

    func testEveryPartyOfACiscoCallIsClassified() throws {
        let harness = try PluginHarness(product: "TollbookCisco")
        let records = try harness.parseFixture("cisco/cdr_133_basic.txt").records
        let pricer = try pricer(Self.fixtures[0].plan)
        var batch = CallBatch(records)
        pricer.price(&batch)
        let outgoing = try XCTUnwrap(records.firstIndex { $0.vendorRecordID == "c0ffee00-0000-4000-8000-000000010001" })
        let pricing = try XCTUnwrap(batch.pricing(at: outgoing))
        XCTAssertEqual(records[outgoing].parties.calling, "2001")
        XCTAssertEqual(pricing.numbers.calling, ClassifiedNumber(e164: "+49305552001", category: "internal"))
        XCTAssertEqual(records[outgoing].parties.called, "00305550123")
        XCTAssertEqual(pricing.numbers.called, ClassifiedNumber(e164: "+49305550123", category: "local"),
                       "0 trunk access, then the national number of a Berlin line")
        XCTAssertEqual(pricing.extensionKey, "berlin/2001")
        XCTAssertEqual(pricing.localE164, "+49305552001")
        XCTAssertEqual(pricing.remoteE164, "+49305550123")
        XCTAssertEqual(pricing.status, .rated)
        let incoming = try XCTUnwrap(records.firstIndex { $0.vendorRecordID == "c0ffee00-0000-4000-8000-000000010002" })
        let incomingPricing = try XCTUnwrap(batch.pricing(at: incoming))
        XCTAssertEqual(incomingPricing.numbers.called.category, "internal")
        XCTAssertNotEqual(incomingPricing.numbers.calling.category, "internal")
        XCTAssertEqual(incomingPricing.status, .notBillable)
    }

    func testOutpulsedNumbersWithoutTheOutsideLinePrefixAreReadInNetworkFormat() throws {
        // CUCM's outpulsedCalledPartyNumber is what the gateway sent: no trunk access code.
        var call = CallRecord(vendorRecordID: "r1", correlationID: "c1", startMs: 1_772_442_000_000,
                              answerMs: 1_772_442_005_000, endMs: 1_772_442_065_000, talkMs: 60_000,
                              direction: .outgoing, disposition: .answered)
        call.parties = CallParties(calling: "2001", called: "0030123456", extension: "2001", remote: "030123456")
        call.flags = .remoteNetworkFormat
        let pricer = try pricer(Self.fixtures[0].plan)
        let pricing = pricer.pricing(for: call).pricing
        XCTAssertEqual(pricing.remoteE164, "+4930123456", "030… read as national, not as 0 + subscriber 30123456")
        XCTAssertEqual(pricing.remoteCategory, "local", "a Berlin number from a Berlin site")
        XCTAssertEqual(pricing.numbers.called, ClassifiedNumber(e164: "+4930123456", category: "local"),
                       "the dialled number with the access code 0 in front")
        XCTAssertEqual(pricing.status, .rated)
        // Without the connector's marker the same digits are read as dialled: 0 is the trunk
        // access code, 30123456 a subscriber number in Berlin.
        call.flags = []
        XCTAssertEqual(pricer.pricing(for: call).pricing.remoteE164, "+493030123456")
        // A number that cannot have been dialled (no access code) on an outgoing leg is read as
        // the network received it.
        call.parties.remote = "5550123"
        XCTAssertEqual(pricer.pricing(for: call).pricing.remoteE164, "+49305550123")
    }
}

/// The pricing stage's own category codes match the store's table.
final class CategoryCodesMatchTheStoreTests: XCTestCase {
    func testEveryCategoryHasTheStoresCode() {
        for category in NumberCategory.allCases {
            XCTAssertEqual(PricingCategoryCodes.code(category), NumberCategoryCode.code(category.rawValue), "\(category)")
            XCTAssertNotEqual(PricingCategoryCodes.code(category), 0)
        }
    }
}
