import Privacy
import TollbookCore
import XCTest

/// The pure rules of the Privacy module: masking, the standard and EVN-3 packages, the category
/// rule, assignment history and protected number lists.
final class PrivacyPolicyTests: XCTestCase {
    func testMaskingKeepsLengthPlusAndTheLeadingDigits() {
        XCTAssertEqual(NumberMasking.mask("+493012345678", lastDigits: 5), "+4930123XXXXX")
        XCTAssertEqual(NumberMasking.mask("+493012345678", lastDigits: 3), "+493012345XXX")
        XCTAssertEqual(NumberMasking.mask("0030 1234-5678", lastDigits: 5), "0030 123X-XXXX")
        XCTAssertEqual(NumberMasking.mask("+49116123", lastDigits: 15), "+491XXXXX", "at least three digits stay")
        XCTAssertEqual(NumberMasking.mask("201", lastDigits: 5), "201")
        XCTAssertEqual(NumberMasking.mask("", lastDigits: 5), "")
    }

    func testTheStandardPackageMasksPrivateAndPINNumbersOnly() {
        let standard = PrivacyPackage.standard
        for field in PrivacyField.allCases {
            XCTAssertEqual(standard.action(.business, field), .show)
            XCTAssertEqual(standard.action(.project, field), .show)
        }
        XCTAssertEqual(standard.action(.private, .number), .mask(digits: 5))
        XCTAssertEqual(standard.action(.pin, .number), .mask(digits: 5))
        for field in [PrivacyField.duration, .place, .time] {
            XCTAssertEqual(standard.action(.private, field), .show)
            XCTAssertEqual(standard.action(.pin, field), .show)
        }
        XCTAssertEqual(PrivacyPackage.evn3.action(.business, .number), .mask(digits: 3))
        let policy = PrivacyPolicy.standard
        XCTAssertTrue(policy.showsEverythingEverywhere(of: .business))
        XCTAssertFalse(policy.showsEverythingEverywhere(of: .private))
        XCTAssertFalse(policy.deletesSomewhere(of: .private))
    }

    func testCategoryRule() {
        let rules = CategoryRules(privatePrefixes: ["8", "88"], privatePINs: ["9999"], projectCodes: [])
        XCTAssertEqual(rules.categorise(dialled: "88003012345678", pin: "", projectCode: ""),
                       .init(category: .private, strippedPrefix: "88"), "the longest prefix")
        XCTAssertEqual(rules.categorise(dialled: "003012345678", pin: "9999", projectCode: "P1").category, .pin)
        XCTAssertEqual(rules.categorise(dialled: "88003012345678", pin: "9999", projectCode: "").category, .pin)
        XCTAssertEqual(rules.categorise(dialled: "003012345678", pin: "1234", projectCode: "P1").category, .project)
        XCTAssertEqual(rules.categorise(dialled: "003012345678", pin: "1234", projectCode: "").category, .business)
        XCTAssertEqual(rules.categorise(dialled: "8", pin: "", projectCode: "").category, .business, "a prefix alone dials nothing")
        let listed = CategoryRules(projectCodes: ["P-100"])
        XCTAssertEqual(listed.categorise(dialled: "", pin: "", projectCode: "P-100").category, .project)
        XCTAssertEqual(listed.categorise(dialled: "", pin: "", projectCode: "P-200").category, .business)
    }

    func testThePackageInForceFollowsTheHistoryParticipantFirstThenTheDeepestNode() {
        let day: Int64 = 86_400_000
        let assignments = PackageAssignments([
            PackageAssignment(target: .orgNode(path: ["Acme"]), package: "strict", fromMs: 0),
            PackageAssignment(target: .orgNode(path: ["Acme", "CC-7", "T1"]), package: "EVN-3", fromMs: 10 * day),
            PackageAssignment(target: .participant(key: "E1"), package: "standard", fromMs: 20 * day),
            PackageAssignment(target: .orgNode(path: ["Acme", "CC-7", "T1"]), package: "lenient", fromMs: 30 * day),
        ])
        let t1 = ["Acme", "CC-7", "T1"]
        XCTAssertEqual(assignments.packageName(participantKey: "E1", nodePath: t1, atMs: 5 * day), "strict", "inherited")
        XCTAssertEqual(assignments.packageName(participantKey: "E1", nodePath: t1, atMs: 10 * day), "EVN-3", "from its day on")
        XCTAssertEqual(assignments.packageName(participantKey: "E1", nodePath: t1, atMs: 25 * day), "standard")
        XCTAssertEqual(assignments.packageName(participantKey: "E2", nodePath: t1, atMs: 25 * day), "EVN-3")
        XCTAssertEqual(assignments.packageName(participantKey: "E2", nodePath: t1, atMs: 30 * day), "lenient")
        XCTAssertEqual(assignments.packageName(participantKey: "E2", nodePath: ["Other"], atMs: 30 * day), nil)
        XCTAssertEqual(assignments.packageName(participantKey: nil, nodePath: nil, atMs: 30 * day), nil)
    }

    func testProtectedNumbersPreloadCounsellingAndReadLists() throws {
        let numbers = ProtectedNumbers(classes: ProtectedClass.builtIn)
        XCTAssertEqual(numbers.protectedClass(e164: "+498001110111")?.name, "counselling")
        XCTAssertEqual(numbers.protectedClass(e164: "+498001110222")?.name, "counselling")
        XCTAssertEqual(numbers.protectedClass(e164: "+49116123")?.name, "counselling")
        XCTAssertNil(numbers.protectedClass(e164: "+498001110112"))
        XCTAssertEqual(numbers.protectedClass(raw: "0049 800 111 0 222")?.label, "counselling")
        let bytes = Array("+49116123".utf8)
        XCTAssertEqual(bytes.withUnsafeBytes { numbers.protectedClass(e164Bytes: $0)?.name }, "counselling")
        XCTAssertEqual(try ProtectedNumbers.parseList("# works council\n+49 30 555-1000\n\n+49305551001 # deputy\n"),
                       ["+49305551000", "+49305551001"])
        XCTAssertThrowsError(try ProtectedNumbers.parseList("+49305551000\n0305551001\n")) { error in
            XCTAssertEqual(error as? ProtectedNumberError,
                           ProtectedNumberError(line: 2, message: "a protected number must be in E.164 form, starting with + and the country code"))
        }
        XCTAssertEqual(ProtectedVisibility.longDistanceOnly.shows(remoteCategory: "national"), true)
        XCTAssertEqual(ProtectedVisibility.longDistanceOnly.shows(remoteCategory: "local"), false)
    }

    func testScrubbingRemovesEveryFormOfTheNumberAndNothingElse() {
        XCTAssertEqual(NumberScrubbing.removing(["+493012345678"], from: "to +49 30 12345678 via 0030-12345678, line 7"),
                       "to  via , line 7")
        XCTAssertEqual(NumberScrubbing.removing(["+493012345678"], from: "cause 16 at 2026-05-04"), "cause 16 at 2026-05-04")
        XCTAssertEqual(NumberScrubbing.redactingDigitRuns("bad time x004915712345678 in field 4"), "bad time x# in field 4")
        XCTAssertEqual(NumberScrubbing.replacing(["+493012345678"], in: "+493012345678", with: { NumberMasking.mask($0, lastDigits: 5) }),
                       "+4930123XXXXX")
    }
}
