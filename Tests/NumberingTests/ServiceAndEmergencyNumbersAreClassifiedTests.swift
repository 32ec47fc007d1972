import Numbering
import XCTest

final class ServiceAndEmergencyNumbersAreClassifiedTests: XCTestCase {
    func testEmergencyWithAndWithoutOutsideLinePrefix() {
        let police = NormalisedNumber(category: .emergency, form: .shortCode, nationalNumber: "110")
        let rescue = NormalisedNumber(category: .emergency, form: .shortCode, nationalNumber: "112")
        XCTAssertEqual(normalise("112", .dialled), rescue)
        XCTAssertEqual(normalise("0112", .dialled), rescue)
        XCTAssertEqual(normalise("110", .dialled), police)
        XCTAssertEqual(normalise("0110", .dialled), police)
    }

    func testEmergencyWinsOverAnExtensionOfTheSameDigits() {
        // Unify fixtures have extensions 110 and 112 (range 101–126).
        XCTAssertEqual(normalise("112", .dialled, TestPlans.unify),
                       NormalisedNumber(category: .emergency, form: .shortCode, nationalNumber: "112"))
        XCTAssertEqual(normalise("112", .internal, TestPlans.unify),
                       NormalisedNumber(category: .internal, form: .extension, internalKey: "ber-osbiz/112"))
    }

    func testOtherShortCodesLoseAgainstAnExtension() {
        XCTAssertEqual(normalise("115", .dialled, TestPlans.unify),
                       NormalisedNumber(category: .internal, form: .extension, internalKey: "ber-osbiz/115"))
        XCTAssertEqual(normalise("0115", .dialled),
                       NormalisedNumber(category: .special, form: .shortCode, nationalNumber: "115"))
    }

    func testSocialValueAndDirectoryNumbers() {
        XCTAssertEqual(normalise("0116116", .dialled),
                       NormalisedNumber(category: .special, form: .shortCode, nationalNumber: "116116"))
        XCTAssertEqual(normalise("011833", .dialled),
                       NormalisedNumber(category: .premium, form: .shortCode, nationalNumber: "11833"))
        XCTAssertEqual(normalise("118800", .dialled, TestPlans.unify),
                       NormalisedNumber(category: .premium, form: .shortCode, nationalNumber: "118800"))
    }

    func testShortCodeWithoutOutsideLinePrefixStillRecognised() {
        XCTAssertEqual(normalise("11833", .dialled),
                       NormalisedNumber(category: .premium, form: .shortCode, nationalNumber: "11833"))
    }

    func testServiceRanges() {
        XCTAssertEqual(normalise("008001234567", .dialled),
                       NormalisedNumber(e164: "+498001234567", category: .special, form: .national,
                                        nationalNumber: "8001234567"))
        XCTAssertEqual(normalise("001805123456", .dialled),
                       NormalisedNumber(e164: "+491805123456", category: .special, form: .national,
                                        nationalNumber: "1805123456"))
        XCTAssertEqual(normalise("00137123456", .dialled),
                       NormalisedNumber(e164: "+49137123456", category: .special, form: .national,
                                        nationalNumber: "137123456"))
        XCTAssertEqual(normalise("0070012345678", .dialled),
                       NormalisedNumber(e164: "+4970012345678", category: .special, form: .national,
                                        nationalNumber: "70012345678"))
        XCTAssertEqual(normalise("+498001234567", .presented),
                       NormalisedNumber(e164: "+498001234567", category: .special, form: .e164,
                                        nationalNumber: "8001234567"))
    }

    func testPremiumRate() {
        XCTAssertEqual(normalise("009001234567", .dialled),
                       NormalisedNumber(e164: "+499001234567", category: .premium, form: .national,
                                        nationalNumber: "9001234567"))
    }

    func testNearbyGeographicCodesAreNotService() {
        // 0711 Stuttgart, 0906 Donauwörth, 08024 Holzkirchen share leading digits with 0700/0900/0800.
        XCTAssertEqual(normalise("07111234567", .presented).category, .national)
        XCTAssertEqual(normalise("0906123456", .presented).category, .national)
        XCTAssertEqual(normalise("08024123456", .presented).category, .national)
    }

    func testMobileRanges() {
        XCTAssertEqual(normalise("01511234567", .presented).category, .mobile)
        XCTAssertEqual(normalise("01601234567", .presented).category, .mobile)
        XCTAssertEqual(normalise("01791234567", .presented).category, .mobile)
    }

    func testNationalSubscriberNumbers032AreNational() {
        XCTAssertEqual(normalise("003212345678", .dialled),
                       NormalisedNumber(e164: "+493212345678", category: .national, form: .national,
                                        nationalNumber: "3212345678"))
    }
}
