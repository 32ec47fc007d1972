import Numbering
import XCTest

final class CallByCallPrefixesAreReportedAndStrippedTests: XCTestCase {
    func testFiveDigitPrefixWithoutOutsideLine() {
        XCTAssertEqual(normalise("010130301234567", .dialled, TestPlans.unify),
                       NormalisedNumber(e164: "+49301234567", category: .local, form: .national,
                                        nationalNumber: "301234567", callByCallPrefix: "01013"))
    }

    func testFiveDigitPrefixBehindOutsideLine() {
        XCTAssertEqual(normalise("0010130301234567", .dialled, TestPlans.cisco),
                       NormalisedNumber(e164: "+49301234567", category: .local, form: .national,
                                        nationalNumber: "301234567", callByCallPrefix: "01013"))
    }

    func testSixDigitPrefix() {
        XCTAssertEqual(normalise("0100880301234567", .dialled, TestPlans.unify),
                       NormalisedNumber(e164: "+49301234567", category: .local, form: .national,
                                        nationalNumber: "301234567", callByCallPrefix: "010088"))
    }

    func testPrefixBeforeMobileAndInternational() {
        XCTAssertEqual(normalise("01013017655501234", .dialled, TestPlans.unify),
                       NormalisedNumber(e164: "+4917655501234", category: .mobile, form: .national,
                                        nationalNumber: "17655501234", callByCallPrefix: "01013"))
        XCTAssertEqual(normalise("0101300441632960000", .dialled, TestPlans.unify),
                       NormalisedNumber(e164: "+441632960000", category: .international, form: .international,
                                        callByCallPrefix: "01013"))
    }

    func testPrefixAloneIsUnrecognised() {
        XCTAssertEqual(normalise("01013", .dialled, TestPlans.unify),
                       NormalisedNumber(category: .unknown, form: .unrecognised, callByCallPrefix: "01013"))
    }

    func testPresentedNumbersAreNotSearchedForPrefixes() {
        XCTAssertEqual(normalise("01013", .presented, TestPlans.unify),
                       NormalisedNumber(e164: "+491013", category: .special, form: .national, nationalNumber: "1013"))
    }

    func testPlanWithoutPatternsLeavesTheDigits() {
        var plan = TestPlans.unify
        plan.callByCallPatterns = []
        XCTAssertEqual(normalise("01013030123456", .dialled, plan),
                       NormalisedNumber(e164: "+491013030123456",
                                        category: .special, form: .national, nationalNumber: "1013030123456"))
    }

    func testConfiguredPattern() throws {
        var plan = TestPlans.unify
        plan.callByCallPatterns = [try CallByCallPattern("01[3-4]9")]
        XCTAssertEqual(normalise("01490301234567", .dialled, plan),
                       NormalisedNumber(e164: "+49301234567", category: .local, form: .national,
                                        nationalNumber: "301234567", callByCallPrefix: "0149"))
        XCTAssertEqual(normalise("010130301234567", .dialled, plan).callByCallPrefix, nil)
    }

    func testPatternSyntax() throws {
        XCTAssertEqual(try CallByCallPattern("0100[0-9][0-9]").length, 6)
        XCTAssertEqual(try CallByCallPattern("01[13]").length, 3)
        for bad in ["", "010[1-", "01x", "0[9-1]", "0[]", "0[-1]"] {
            XCTAssertThrowsError(try CallByCallPattern(bad), bad) { error in
                XCTAssertEqual(error as? NumberingPlanError, .callByCallPatternInvalid(bad))
            }
        }
    }
}
