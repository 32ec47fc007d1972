import Numbering
import XCTest

/// A made-up profile (Austrian-like: +43, mobile 06…, emergency 112/133) shows that the
/// classification is data, not code.
final class OtherCountriesCanBeAddedAsProfilesTests: XCTestCase {
    private let vienna = NumberingPlan(
        siteID: "vie",
        profile: CountryProfile(
            countryCode: "43", nationalPrefix: "0", internationalPrefix: "00",
            nationalRules: [PrefixRule("6", .category(.mobile)), PrefixRule("800", .category(.special)),
                            PrefixRule("900", .category(.premium))],
            shortCodes: [ShortCodeRule("112", lengths: 3...3, .emergency),
                         ShortCodeRule("133", lengths: 3...3, .emergency)]
        ),
        areaCode: "1", outsideLinePrefixes: ["0"], extensionLengths: [3]
    )

    func testProfileDrivesClassification() {
        XCTAssertEqual(vienna.validate(), [])
        XCTAssertEqual(vienna.callByCallPatterns, [])
        XCTAssertEqual(normalise("006641234567", .dialled, vienna),
                       NormalisedNumber(e164: "+436641234567", category: .mobile, form: .national,
                                        nationalNumber: "6641234567"))
        XCTAssertEqual(normalise("012345678", .presented, vienna),
                       NormalisedNumber(e164: "+4312345678", category: .local, form: .national,
                                        nationalNumber: "12345678"))
        XCTAssertEqual(normalise("0316123456", .presented, vienna).category, .national)
        XCTAssertEqual(normalise("+49301234567", .presented, vienna),
                       NormalisedNumber(e164: "+49301234567", category: .international, form: .e164))
        XCTAssertEqual(normalise("133", .dialled, vienna),
                       NormalisedNumber(category: .emergency, form: .shortCode, nationalNumber: "133"))
        XCTAssertEqual(normalise("201", .dialled, vienna).internalKey, "vie/201")
    }
}
