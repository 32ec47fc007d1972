import Numbering
import XCTest

final class NumberingPlanValidationFindsProblemsTests: XCTestCase {
    func testFixturePlansAreSound() {
        XCTAssertEqual(TestPlans.cisco.validate(), [])
        XCTAssertEqual(TestPlans.ciscoMunich.validate(), [])
        XCTAssertEqual(TestPlans.unify.validate(), [])
        XCTAssertEqual(TestPlans.innovaphone.validate(), [])
        XCTAssertEqual(TestPlans.swyx.validate(), [])
    }

    func testEmptySiteAndCountryCode() {
        XCTAssertEqual(NumberingPlan(siteID: "", countryCode: "", areaCode: "30").validate(),
                       [.emptySiteID, .invalidCountryCode("")])
        XCTAssertEqual(NumberingPlan(siteID: "a/b", countryCode: "0049", areaCode: "30").validate(),
                       [.siteIDContainsSlash, .invalidCountryCode("0049")])
    }

    func testAreaCodeWithNationalPrefix() {
        XCTAssertEqual(NumberingPlan(siteID: "ber", areaCode: "030").validate(), [.invalidAreaCode("030")])
        XCTAssertEqual(NumberingPlan(siteID: "ber", areaCode: "3O").validate(), [.invalidAreaCode("3O")])
    }

    func testPrefixes() {
        XCTAssertEqual(NumberingPlan(siteID: "ber", areaCode: "30", internationalPrefix: "0").validate(),
                       [.nationalPrefixEqualsInternationalPrefix])
        XCTAssertEqual(NumberingPlan(siteID: "ber", areaCode: "30", internationalPrefix: "+", nationalPrefix: "o",
                                     outsideLinePrefixes: ["", "9"], extensionLengths: [0, 4, 16]).validate(),
                       [.invalidInternationalPrefix("+"), .invalidNationalPrefix("o"), .invalidOutsideLinePrefix(""),
                        .invalidExtensionLength(0), .invalidExtensionLength(16)])
    }

    func testOverlappingExtensionRangesAndOutsideLineClash() throws {
        let plan = NumberingPlan(
            siteID: "ber", areaCode: "30", outsideLinePrefixes: ["0"],
            extensionRanges: [try ExtensionRange("1000", "1999"), try ExtensionRange("1500", "2500"),
                              try ExtensionRange("0100", "0199")]
        )
        XCTAssertEqual(plan.validate(), [.overlappingExtensionRanges(0, 1),
                                         .extensionRangeStartsWithOutsideLinePrefix(range: 2, prefix: "0")])
    }

    func testOverlappingDIDBlocksAndForeignBlock() throws {
        let plan = NumberingPlan(
            siteID: "ber", areaCode: "30",
            didBlocks: [
                try DIDBlock(e164Prefix: "+4930555", extensions: ExtensionRange("1000", "1999")),
                try DIDBlock(e164Prefix: "+493055519", extensions: ExtensionRange("00", "99")),
                try DIDBlock(e164Prefix: "+33123456", extensions: ExtensionRange("7000", "7999")),
            ]
        )
        XCTAssertEqual(plan.validate(), [.overlappingDIDBlocks(0, 1), .didBlockInOtherCountry(2)])
    }

    func testSameExtensionsInTwoDIDBlocksOverlap() throws {
        let plan = NumberingPlan(
            siteID: "ber", areaCode: "30",
            didBlocks: [
                try DIDBlock(e164Prefix: "+4930555", extensions: ExtensionRange("1000", "1999")),
                try DIDBlock(e164Prefix: "+4930666", extensions: ExtensionRange("1500", "1599")),
            ]
        )
        XCTAssertEqual(plan.validate(), [.overlappingDIDBlocks(0, 1)])
    }

    func testInvalidRangesAndBlocksThrow() {
        XCTAssertThrowsError(try ExtensionRange("1999", "1000")) {
            XCTAssertEqual($0 as? NumberingPlanError, .extensionRangeReversed(first: "1999", last: "1000"))
        }
        XCTAssertThrowsError(try ExtensionRange("100", "1000")) {
            XCTAssertEqual($0 as? NumberingPlanError, .extensionRangeLengthMismatch(first: "100", last: "1000"))
        }
        XCTAssertThrowsError(try ExtensionRange("1a", "1b")) {
            XCTAssertEqual($0 as? NumberingPlanError, .extensionNotDigits("1a"))
        }
        XCTAssertThrowsError(try ExtensionRange("", "")) {
            XCTAssertEqual($0 as? NumberingPlanError, .extensionNotDigits(""))
        }
        XCTAssertThrowsError(try DIDBlock(e164Prefix: "4930555", extensions: ExtensionRange("1000", "1999"))) {
            XCTAssertEqual($0 as? NumberingPlanError, .didPrefixInvalid("4930555"))
        }
        XCTAssertThrowsError(try DIDBlock(e164Prefix: "+493055512345", extensions: ExtensionRange("1000", "1999"))) {
            XCTAssertEqual($0 as? NumberingPlanError, .didNumbersTooLong(prefix: "+493055512345", extensionLength: 4))
        }
    }

    func testDIDBlockMapsBothWays() throws {
        let block = try DIDBlock(e164Prefix: "+4930555", extensions: ExtensionRange("1000", "1999"))
        XCTAssertEqual(block.e164(forExtension: "1234"), "+49305551234")
        XCTAssertEqual(block.e164(forExtension: "2000"), nil)
        XCTAssertEqual(block.extension(forE164: "+49305551234"), "1234")
        XCTAssertEqual(block.extension(forE164: "+493055512345"), nil)
        XCTAssertEqual(block.extension(forE164: "+49305552000"), nil)
    }
}
