@testable import Directory
import XCTest

/// A first read of the fixture directory with Active Directory's defaults (filter, attribute names,
/// OU path) returns exactly the people, with every field — and no service or computer accounts.
final class FirstReadReturnsEveryPersonTests: SlapdTestCase {
    func testEveryPersonWithEveryField() throws {
        let people = try DirectoryReader(settings: try settings()).readPeople()
        XCTAssertEqual(FixturePeople.withoutIDs(people), FixturePeople.all)
    }

    func testUniqueIDsAreObjectGUIDOrEntryUUID() throws {
        let people = try DirectoryReader(settings: try settings()).readPeople()
        let hans = people.first { $0.dn.hasPrefix("cn=Hans Vogel,") }
        XCTAssertEqual(hans?.uniqueID, FixturePeople.hansGUID)
        let others = people.filter { !$0.dn.hasPrefix("cn=Hans Vogel,") }
        XCTAssertEqual(others.count, 8)
        for person in others { XCTAssertTrue(FixturePeople.isUUID(person.uniqueID), person.uniqueID) }
        XCTAssertEqual(Set(people.map(\.uniqueID)).count, people.count)
    }

    func testOneReadIsOnePageWhenThePageIsLargeEnough() throws {
        let outcome = try DirectoryReader(settings: try settings(pageSize: 500)).read()
        XCTAssertEqual(outcome.pages, 1)
        XCTAssertEqual(outcome.people.count, 9)
    }
}
