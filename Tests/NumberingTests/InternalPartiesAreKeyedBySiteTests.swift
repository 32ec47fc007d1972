import Numbering
import XCTest

final class InternalPartiesAreKeyedBySiteTests: XCTestCase {
    func testExtensionInDIDBlockGetsKeyAndE164() {
        XCTAssertEqual(normalise("2001", .internal),
                       NormalisedNumber(e164: "+49305552001", category: .internal, form: .extension,
                                        internalKey: "ber-cucm/2001"))
    }

    func testSameExtensionOnTwoPBXsNeverCollides() {
        let berlin = normalise("2001", .internal, TestPlans.cisco)
        let munich = normalise("2001", .internal, TestPlans.ciscoMunich)
        XCTAssertEqual(munich, NormalisedNumber(e164: "+49894442001", category: .internal, form: .extension,
                                                internalKey: "muc-cucm/2001"))
        XCTAssertNotEqual(berlin.internalKey, munich.internalKey)
        XCTAssertNotEqual(berlin.e164, munich.e164)
    }

    func testExtensionWithoutDIDHasNoE164() {
        XCTAssertEqual(normalise("101", .internal, TestPlans.unify),
                       NormalisedNumber(category: .internal, form: .extension, internalKey: "ber-osbiz/101"))
    }

    func testOwnE164NumberMapsBackToTheExtension() {
        XCTAssertEqual(normalise("+49305552001", .internal),
                       NormalisedNumber(e164: "+49305552001", category: .internal, form: .e164,
                                        internalKey: "ber-cucm/2001"))
        XCTAssertEqual(normalise("+49305559999", .internal),
                       NormalisedNumber(e164: "+49305559999", category: .internal, form: .e164,
                                        internalKey: "ber-cucm/+49305559999"))
    }

    func testSIPURIOfAnExtension() {
        XCTAssertEqual(normalise("sip:2001@cucm.example.com", .internal), normalise("2001", .internal))
        XCTAssertEqual(normalise("\"Anna Alpha\" <sip:201@pbx.example>", .internal, TestPlans.innovaphone),
                       NormalisedNumber(category: .internal, form: .extension, internalKey: "lab/201"))
    }

    func testEmptyOwnNumberIsWithheld() {
        XCTAssertEqual(normalise("", .internal), NormalisedNumber(category: .unknown, form: .withheld))
    }
}
