import Foundation
import TestSupport
import XCTest

/// Errors of `tollbook import` an admin can act on: an over-long record names the limit and the
/// option that raises it; `--timezone` takes IANA names only.
final class ImportLimitsTests: CLITestCase {
    func testARecordLongerThanTheLimitNamesTheLimitAndTheOption() throws {
        let sample = try Data(contentsOf: TestEnvironment.vendorSample("cisco/cdr.txt"))
        let file = directory.appendingPathComponent("long.txt")
        try (sample.prefix(4577) + Data(repeating: 0x78, count: 3 << 20)).write(to: file)
        let result = try tollbook(["import", "--db", database, "--connector", "cisco.cucm", "--max-record-mb", "1", file.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "error: \(file.path): a record longer than the limit of 1 MiB starts at byte 4577: the connector "
                       + "found no record end in 1 MiB (raise the limit with --max-record-mb if records this long are real; "
                       + "otherwise the file is damaged or of another format)\n")
        XCTAssertFalse(result.stderr.contains("plugin contract"))
    }

    func testTimeZonesAreIANANamesOnly() throws {
        for zone in ["CET", "GMT+1", "EST", "Berlin"] {
            let result = try tollbook(["import", "--db", database, "--connector", "cisco.cucm", "--timezone", zone,
                                       TestEnvironment.vendorSample("cisco/cdr.txt").path])
            XCTAssertEqual(result.status, 1, zone)
            XCTAssertEqual(result.stderr, "Error: unknown time zone '\(zone)' (use an IANA name such as Europe/Berlin)\n")
        }
        let utc = try tollbook(["import", "--db", database, "--connector", "cisco.cucm", "--timezone", "UTC",
                                TestEnvironment.vendorSample("cisco/cdr.txt").path])
        XCTAssertEqual(utc.status, 0, utc.stderr)
    }
}
