import Foundation
import Rating
import TestSupport
import XCTest

/// The example files in `tariffs/` parse and validate without any problem.
final class ShippedTariffFilesAreCleanTests: XCTestCase {
    func testEveryShippedFileIsClean() throws {
        let directory = TestEnvironment.packageRoot.appendingPathComponent("tariffs")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".ini") }.sorted()
        XCTAssertEqual(names, ["nordtel.ini", "taktwerk.ini"])
        for name in names {
            let text = Fixture.shipped(name)
            XCTAssertEqual(TariffChecker.check(contents: text, fileName: name), [], name)
            XCTAssertNotNil(Fixture.tariff(text), name)
        }
    }

    func testShippedFilesDescribeTheirProviders() {
        let nordtel = Fixture.tariff(Fixture.shipped("nordtel.ini"))
        XCTAssertEqual(nordtel?.provider, "nordtel")
        XCTAssertEqual(nordtel?.versions.map(\.id), ["2025-01", "2026-01", "2026-07"])
        XCTAssertEqual(nordtel?.zones.count, 10)
        let taktwerk = Fixture.tariff(Fixture.shipped("taktwerk.ini"))
        XCTAssertEqual(taktwerk?.bandNames, ["peak", "offpeak", "weekend"])
    }
}
