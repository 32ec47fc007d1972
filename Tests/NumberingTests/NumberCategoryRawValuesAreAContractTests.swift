import Numbering
import XCTest

final class NumberCategoryRawValuesAreAContractTests: XCTestCase {
    func testRawValues() {
        XCTAssertEqual(NumberCategory.allCases.map(\.rawValue),
                       ["internal", "local", "national", "mobile", "international", "special", "emergency",
                        "premium", "unknown"])
    }

    func testEveryCategoryIsReachable() {
        let plan = TestPlans.cisco
        let seen: [NumberCategory] = [
            normalise("2001", .dialled, plan).category, normalise("00305550123", .dialled, plan).category,
            normalise("00895550111", .dialled, plan).category, normalise("0017655501234", .dialled, plan).category,
            normalise("000441632960000", .dialled, plan).category, normalise("008001234567", .dialled, plan).category,
            normalise("0112", .dialled, plan).category, normalise("009001234567", .dialled, plan).category,
            normalise("", .presented, plan).category,
        ]
        XCTAssertEqual(seen, NumberCategory.allCases)
    }
}
