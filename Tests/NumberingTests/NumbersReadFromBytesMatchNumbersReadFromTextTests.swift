import Numbering
import XCTest

/// `normalise(utf8:role:scratch:)` (the import's path, one scratch array for every number) gives
/// exactly what `normalise(_:role:)` gives for the same text.
final class NumbersReadFromBytesMatchNumbersReadFromTextTests: XCTestCase {
    private let raws = [
        "", "0", "+", "112", "0112", "2001", "+49301234567", "00441632960000", "0301234567", "030555XXXX",
        "0010130301234567", "01013017655501234", "*21#", "b00105401001", "sip:+4930123456@pbx", "anonymous",
        "0301234567#", "+4930 1234-567", "0049301234567", "123456789012345678", "45678901", "2xx1",
    ]

    func testEveryRoleAndPlanGivesTheSameResult() {
        var scratch: [UInt8] = []
        for plan in [TestPlans.cisco, TestPlans.unify, TestPlans.ciscoMunich, TestPlans.swyx, TestPlans.innovaphone] {
            let normaliser = NumberNormaliser(plan: plan)
            for raw in raws {
                for role in [NumberRole.dialled, .presented, .internal] {
                    let fromBytes = Array(raw.utf8).withUnsafeBytes {
                        normaliser.normalise(utf8: $0, role: role, scratch: &scratch)
                    }
                    XCTAssertEqual(fromBytes, normaliser.normalise(raw, role: role), "\(raw) as \(role) in \(plan.siteID)")
                }
            }
        }
    }

    func testScratchKeepsNoDigitsOfAnEarlierNumber() {
        let normaliser = NumberNormaliser(plan: TestPlans.cisco)
        var scratch: [UInt8] = []
        let long = Array("004930123456789".utf8).withUnsafeBytes {
            normaliser.normalise(utf8: $0, role: .dialled, scratch: &scratch)
        }
        let short = Array("0112".utf8).withUnsafeBytes {
            normaliser.normalise(utf8: $0, role: .dialled, scratch: &scratch)
        }
        XCTAssertEqual(long, normaliser.normalise("004930123456789", role: .dialled))
        XCTAssertEqual(long.e164, "+494930123456789")
        XCTAssertEqual(short, normaliser.normalise("0112", role: .dialled))
        XCTAssertEqual(short.category, .emergency)
    }
}
