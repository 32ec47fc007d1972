import Numbering
import XCTest

final class MaskedAndWithheldNumbersStayUnresolvedTests: XCTestCase {
    func testMaskedLocalNumberKeepsCategoryButHasNoE164() {
        XCTAssertEqual(normalise("030555????", .dialled, TestPlans.unify),
                       NormalisedNumber(category: .local, form: .national, isMasked: true,
                                        maskedE164: "+4930555XXXX", nationalNumber: "30555XXXX"))
    }

    func testMaskedMobile() {
        XCTAssertEqual(normalise("0176555xxxx", .presented),
                       NormalisedNumber(category: .mobile, form: .national, isMasked: true,
                                        maskedE164: "+49176555XXXX", nationalNumber: "176555XXXX"))
    }

    func testMaskedForeignNumber() {
        XCTAssertEqual(normalise("+44 20 XXXX XXXX", .presented),
                       NormalisedNumber(category: .international, form: .e164, isMasked: true,
                                        maskedE164: "+4420XXXXXXXX"))
    }

    func testMaskInTheDecisivePrefixIsUnknown() {
        XCTAssertEqual(normalise("0X301234", .presented),
                       NormalisedNumber(category: .unknown, form: .unrecognised, isMasked: true))
        XCTAssertEqual(normalise("+4X301234", .presented),
                       NormalisedNumber(category: .unknown, form: .e164, isMasked: true, maskedE164: "+4X301234"))
        XCTAssertEqual(normalise("01X1234567", .presented),
                       NormalisedNumber(category: .unknown, form: .national, isMasked: true,
                                        maskedE164: "+491X1234567", nationalNumber: "1X1234567"))
        XCTAssertEqual(normalise("3XXXXXXX", .presented, TestPlans.unify).category, .local)
    }

    func testMaskedAfterOutsideLinePrefixIsUnknownWhenThePrefixIsHidden() {
        XCTAssertEqual(normalise("XXX", .dialled, TestPlans.swyx),
                       NormalisedNumber(category: .unknown, form: .unrecognised, isMasked: true))
    }

    func testMaskedExtensionHasNoKey() {
        XCTAssertEqual(normalise("20XX", .internal),
                       NormalisedNumber(category: .internal, form: .extension, isMasked: true))
    }

    func testWithheld() {
        let withheld = NormalisedNumber(category: .unknown, form: .withheld)
        for raw in ["", "   ", "anonymous", "Anonymous", "sip:anonymous@anonymous.invalid", "<sip:anonymous@x>"] {
            XCTAssertEqual(normalise(raw, .presented), withheld, raw)
        }
        XCTAssertTrue(withheld.isWithheld)
    }
}
