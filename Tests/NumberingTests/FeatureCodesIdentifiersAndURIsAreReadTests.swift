import Numbering
import XCTest

final class FeatureCodesIdentifiersAndURIsAreReadTests: XCTestCase {
    func testFeatureCodesAreInternalWhenDialled() {
        XCTAssertEqual(normalise("*21*2002#", .dialled), NormalisedNumber(category: .internal, form: .featureCode))
        XCTAssertEqual(normalise("#31#", .dialled), NormalisedNumber(category: .internal, form: .featureCode))
        XCTAssertEqual(normalise("*99", .presented), NormalisedNumber(category: .unknown, form: .featureCode))
    }

    func testTrailingHashEndsDialling() {
        XCTAssertEqual(normalise("0301234567#", .dialled, TestPlans.unify),
                       NormalisedNumber(e164: "+49301234567", category: .local, form: .national,
                                        nationalNumber: "301234567"))
    }

    func testBridgeIdentifiersAreInternalAndSiteScoped() {
        XCTAssertEqual(normalise("b00105401001", .dialled),
                       NormalisedNumber(category: .internal, form: .identifier, internalKey: "ber-cucm/b00105401001"))
        XCTAssertEqual(normalise("b00105401001", .presented), NormalisedNumber(category: .unknown, form: .identifier))
    }

    func testStrayCharactersAreUnrecognised() {
        XCTAssertEqual(normalise("+49 30 12+3", .presented), NormalisedNumber(category: .unknown, form: .unrecognised))
        XCTAssertEqual(normalise("0301*234", .dialled, TestPlans.unify),
                       NormalisedNumber(category: .unknown, form: .unrecognised))
        XCTAssertEqual(normalise("+", .presented), NormalisedNumber(category: .unknown, form: .unrecognised))
    }

    func testSIPURIs() {
        XCTAssertEqual(normalise("sip:2001@cucm.example.com", .dialled),
                       NormalisedNumber(e164: "+49305552001", category: .internal, form: .extension,
                                        internalKey: "ber-cucm/2001"))
        XCTAssertEqual(normalise("sip:+49301234567@carrier.example;user=phone", .presented),
                       NormalisedNumber(e164: "+49301234567", category: .local, form: .e164,
                                        nationalNumber: "301234567"))
        XCTAssertEqual(normalise("SIPS:00305550123@gw.example", .dialled),
                       NormalisedNumber(e164: "+49305550123", category: .local, form: .national,
                                        nationalNumber: "305550123"))
        XCTAssertEqual(normalise("tel:+49-30-1234567;phone-context=example.com", .presented),
                       NormalisedNumber(e164: "+49301234567", category: .local, form: .e164,
                                        nationalNumber: "301234567"))
    }
}
