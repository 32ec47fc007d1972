@testable import Directory
import XCTest

/// With a page size smaller than the directory, the reader follows the paged-results cookie
/// until the last page and returns every person once.
final class PagingReadsEveryPageTests: SlapdTestCase {
    func testPagesOfTwoReturnEveryPersonOnce() throws {
        let outcome = try DirectoryReader(settings: try settings(pageSize: 2)).read()
        // 9 people in pages of 2: slapd sends 5 pages (the last with one entry).
        XCTAssertEqual(outcome.pages, 5)
        XCTAssertEqual(FixturePeople.withoutIDs(outcome.people), FixturePeople.all)
        XCTAssertEqual(Set(outcome.people.map(\.dn)).count, 9)
    }

    func testPagesOfOne() throws {
        let outcome = try DirectoryReader(settings: try settings(pageSize: 1)).read()
        XCTAssertGreaterThanOrEqual(outcome.pages, 9)
        XCTAssertEqual(FixturePeople.withoutIDs(outcome.people), FixturePeople.all)
    }
}
