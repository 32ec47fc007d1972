import Foundation
@testable import Store
import TestSupport
import XCTest

/// P11 with P14 on: the retention run that expires Anna's private call (as of +3 months +1 day)
/// destroys the data key it was sealed under, so a backup from day 1 restored afterwards cannot
/// reveal its fields — while the live store keeps every other call readable and the sums unchanged.
final class EncryptedRetentionTests: RetentionTestCase {
    private var keyFile: String { directory.appendingPathComponent("kek.key").path }

    override var privacySection: String {
        if !FileManager.default.fileExists(atPath: keyFile) { _ = try? KeyEncryptionKey.create(path: keyFile) }
        return """
            privacy:
              encryption:
                key_file: kek.key

            """
    }

    func testABackupFromDayOneCannotRevealTheExpiredCallsFields() throws {
        XCTAssertEqual(try hitsInFiles(annasNumber), 0, "sealed at rest")
        let totals = try costTotals()
        let backup = directory.appendingPathComponent("backup.db").path
        try SQLiteDatabase(path: database).execute("VACUUM INTO '\(backup)'")

        let report = try XCTUnwrap(try json(try run(["retention", "run", "--as-of", "2025-06-04", "--format", "json"]))
                                   as? [String: Any])
        XCTAssertFalse((report["destroyed_key_fingerprints"] as? [String] ?? []).isEmpty, "the private call's key is destroyed")
        let live = try calls()
        XCTAssertEqual(live.count, 10)
        XCTAssertTrue(live.contains { $0["remote_e164"] as? String == "+49305557777" }, "the other calls stay readable")
        XCTAssertEqual(try costTotals(), totals)

        try FileManager.default.removeItem(atPath: database)
        try? FileManager.default.removeItem(atPath: database + "-wal")
        try? FileManager.default.removeItem(atPath: database + "-shm")
        try FileManager.default.copyItem(atPath: backup, toPath: database)
        let restored = try tollbook(["calls", "--format", "json"])
        XCTAssertNotEqual(restored.status, 0, "the day-1 backup cannot be opened with the current key material")
        XCTAssertFalse(restored.stdout.contains(annasNumber))
        XCTAssertEqual(try hitsInFiles(annasNumber), 0)
    }
}
