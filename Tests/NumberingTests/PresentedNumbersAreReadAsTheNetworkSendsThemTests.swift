import Numbering
import XCTest

final class PresentedNumbersAreReadAsTheNetworkSendsThemTests: XCTestCase {
    func testE164Mobile() {
        XCTAssertEqual(normalise("+4917655501234", .presented),
                       NormalisedNumber(e164: "+4917655501234", category: .mobile, form: .e164,
                                        nationalNumber: "17655501234"))
    }

    func testInternationalPrefixWithOwnCountry() {
        XCTAssertEqual(normalise("004989555010", .presented),
                       NormalisedNumber(e164: "+4989555010", category: .national, form: .international,
                                        nationalNumber: "89555010"))
    }

    func testNationalFormatHasNoOutsideLinePrefix() {
        XCTAssertEqual(normalise("0305550777", .presented),
                       NormalisedNumber(e164: "+49305550777", category: .local, form: .national,
                                        nationalNumber: "305550777"))
        XCTAssertEqual(normalise("01765550123", .presented),
                       NormalisedNumber(e164: "+491765550123", category: .mobile, form: .national,
                                        nationalNumber: "1765550123"))
    }

    func testSubscriberNumberIsLocal() {
        XCTAssertEqual(normalise("5550777", .presented),
                       NormalisedNumber(e164: "+49305550777", category: .local, form: .subscriber,
                                        nationalNumber: "305550777"))
    }

    func testForeignNumber() {
        XCTAssertEqual(normalise("00441632960000", .presented),
                       NormalisedNumber(e164: "+441632960000", category: .international, form: .international))
    }

    func testOwnDIDNumberGetsInternalKey() {
        XCTAssertEqual(normalise("+49305552001", .presented),
                       NormalisedNumber(e164: "+49305552001", category: .local, form: .e164,
                                        nationalNumber: "305552001", internalKey: "ber-cucm/2001"))
    }

    func testTooShortOrTooLongIsUnrecognised() {
        XCTAssertEqual(normalise("+49", .presented), NormalisedNumber(category: .unknown, form: .unrecognised))
        XCTAssertEqual(normalise("+4930123456789012345", .presented),
                       NormalisedNumber(category: .unknown, form: .unrecognised))
        XCTAssertEqual(normalise("0030123456789012345", .presented),
                       NormalisedNumber(category: .unknown, form: .unrecognised))
    }

    func testVisualSeparatorsAreIgnored() {
        XCTAssertEqual(normalise(" +49 (30) 123-4567 ", .presented),
                       NormalisedNumber(e164: "+49301234567", category: .local, form: .e164,
                                        nationalNumber: "301234567"))
        XCTAssertEqual(normalise("030/123.4567", .presented),
                       NormalisedNumber(e164: "+49301234567", category: .local, form: .national,
                                        nationalNumber: "301234567"))
    }

    func testOutsideLinePrefixIsStrippedOnlyWhenThePlanSaysSo() {
        XCTAssertEqual(normalise("001765550123", .presented),
                       NormalisedNumber(e164: "+1765550123", category: .international, form: .international))
        var plan = TestPlans.cisco
        plan.outsideLinePrefixInPresentedNumbers = true
        XCTAssertEqual(normalise("001765550123", .presented, plan),
                       NormalisedNumber(e164: "+491765550123", category: .mobile, form: .national,
                                        nationalNumber: "1765550123"))
        XCTAssertEqual(normalise("0004989555010", .presented, plan),
                       NormalisedNumber(e164: "+4989555010", category: .national, form: .international,
                                        nationalNumber: "89555010"))
        XCTAssertEqual(normalise("0", .presented, plan), NormalisedNumber(category: .unknown, form: .unrecognised))
    }
}
