import Numbering
import XCTest

final class DialledNumbersAreReadBehindTheOutsideLinePrefixTests: XCTestCase {
    func testNationalNumberInOwnAreaIsLocal() {
        XCTAssertEqual(normalise("00305550123", .dialled),
                       NormalisedNumber(e164: "+49305550123", category: .local, form: .national,
                                        nationalNumber: "305550123"))
    }

    func testNationalNumberInOtherAreaIsNational() {
        XCTAssertEqual(normalise("00895550111", .dialled),
                       NormalisedNumber(e164: "+49895550111", category: .national, form: .national,
                                        nationalNumber: "895550111"))
    }

    func testMobileNumber() {
        XCTAssertEqual(normalise("0017655501234", .dialled),
                       NormalisedNumber(e164: "+4917655501234", category: .mobile, form: .national,
                                        nationalNumber: "17655501234"))
    }

    func testForeignNumberWithInternationalPrefixIsInternational() {
        XCTAssertEqual(normalise("000441632960000", .dialled),
                       NormalisedNumber(e164: "+441632960000", category: .international, form: .international))
    }

    func testOwnCountryWithInternationalPrefixIsReadAsNational() {
        XCTAssertEqual(normalise("0004930123456", .dialled),
                       NormalisedNumber(e164: "+4930123456", category: .local, form: .international,
                                        nationalNumber: "30123456"))
    }

    func testSubscriberNumberWithoutAreaCodeIsLocal() {
        XCTAssertEqual(normalise("05550123", .dialled),
                       NormalisedNumber(e164: "+49305550123", category: .local, form: .subscriber,
                                        nationalNumber: "305550123"))
    }

    func testAlreadyE164() {
        XCTAssertEqual(normalise("+49301234567", .dialled),
                       NormalisedNumber(e164: "+49301234567", category: .local, form: .e164,
                                        nationalNumber: "301234567"))
        XCTAssertEqual(normalise("+14155550100", .dialled),
                       NormalisedNumber(e164: "+14155550100", category: .international, form: .e164))
    }

    func testWithoutOutsideLinePrefixANonExtensionIsUnknown() {
        XCTAssertEqual(normalise("5559000", .dialled), NormalisedNumber(category: .unknown, form: .unrecognised))
        XCTAssertEqual(normalise("0", .dialled), NormalisedNumber(category: .unknown, form: .unrecognised))
    }

    func testPlanWithoutOutsideLinePrefixReadsNumbersAsWritten() {
        XCTAssertEqual(normalise("0305550123", .dialled, TestPlans.unify),
                       NormalisedNumber(e164: "+49305550123", category: .local, form: .national,
                                        nationalNumber: "305550123"))
        XCTAssertEqual(normalise("01765550123", .dialled, TestPlans.unify),
                       NormalisedNumber(e164: "+491765550123", category: .mobile, form: .national,
                                        nationalNumber: "1765550123"))
        XCTAssertEqual(normalise("5550123", .dialled, TestPlans.unify),
                       NormalisedNumber(e164: "+49305550123", category: .local, form: .subscriber,
                                        nationalNumber: "305550123"))
        XCTAssertEqual(normalise("00441632960000", .dialled, TestPlans.unify),
                       NormalisedNumber(e164: "+441632960000", category: .international, form: .international))
    }

    func testDialledExtensionIsInternal() {
        XCTAssertEqual(normalise("2002", .dialled),
                       NormalisedNumber(e164: "+49305552002", category: .internal, form: .extension,
                                        internalKey: "ber-cucm/2002"))
        XCTAssertEqual(normalise("6231", .dialled),
                       NormalisedNumber(category: .internal, form: .extension, internalKey: "ber-cucm/6231"))
    }

    func testDialledOwnDIDKeepsCategoryButGetsInternalKey() {
        XCTAssertEqual(normalise("00305552001", .dialled),
                       NormalisedNumber(e164: "+49305552001", category: .local, form: .national,
                                        nationalNumber: "305552001", internalKey: "ber-cucm/2001"))
    }

    func testExtensionLengthDoesNotCaptureNumbersBehindTheOutsideLine() {
        let plan = NumberingPlan(siteID: "ber", areaCode: "30", outsideLinePrefixes: ["0"], extensionLengths: [4])
        XCTAssertEqual(normalise("2001", .dialled, plan),
                       NormalisedNumber(category: .internal, form: .extension, internalKey: "ber/2001"))
        XCTAssertEqual(normalise("0301", .dialled, plan),
                       NormalisedNumber(e164: "+4930301", category: .local, form: .subscriber, nationalNumber: "30301"))
    }
}
