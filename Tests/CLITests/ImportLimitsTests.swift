import Foundation
@testable import Store
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

/// A failed import's log row claims only what was committed: records of the transaction that was
/// rolled back are not counted.
final class FailedImportLogTests: CLITestCase {
    func testAFailedImportCountsOnlyCommittedRecords() throws {
        let file = directory.appendingPathComponent("cut.txt")
        let generated = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"),
                                                ["python3", TestEnvironment.packageRoot.appendingPathComponent("benchmarks/generate_cucm.py").path,
                                                 "60000", file.path])
        XCTAssertEqual(generated.status, 0, generated.stderr)
        // 60,000 good rows, then a "record" with no end: the first transaction (at least 50,000
        // records, up to the end of a chunk) is committed, the rest are rolled back when the file fails.
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(repeating: 0x78, count: 2 << 20))
        try handle.close()
        let result = try tollbook(["import", "--db", database, "--connector", "cisco.cucm", "--max-record-mb", "1", file.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("a record longer than the limit of 1 MiB"), result.stderr)
        let store = try SQLiteDatabase(path: database)
        let stored = try XCTUnwrap(try store.scalarInt("SELECT count(*) FROM calls"))
        XCTAssertGreaterThanOrEqual(stored, 50_000)
        XCTAssertLessThan(stored, 60_000)
        XCTAssertEqual(try store.scalarText("SELECT status || ' ' || imported FROM imports"), "failed \(stored)")
    }
}
