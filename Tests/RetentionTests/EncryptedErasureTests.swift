import Foundation
@testable import Store
import TestSupport
import XCTest

/// P12 with P14 on: the store is encrypted at rest, so erasing Anna destroys the data keys her
/// calls were sealed under — and a backup taken before the erasure, restored afterwards, cannot
/// reveal her fields (the acceptance test of issue 18 "backup restored after erasure").
final class EncryptedErasureTests: RetentionTestCase {
    private var receipt: String { directory.appendingPathComponent("receipt.json").path }
    private var keyFile: String { directory.appendingPathComponent("kek.key").path }

    override var privacySection: String {
        // The key-encryption key exists before the first import (a computed property is read by
        // the fixture's set-up after the folder exists).
        if !FileManager.default.fileExists(atPath: keyFile) { _ = try? KeyEncryptionKey.create(path: keyFile) }
        return """
            privacy:
              encryption:
                key_file: kek.key
              erasure:
                signing_key_file: erasure.key

            """
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        let keygen = try TestEnvironment.run(TestEnvironment.tollbookExecutable,
                                             ["erase", "keygen", "--out", directory.appendingPathComponent("erasure.key").path])
        XCTAssertEqual(keygen.status, 0, keygen.stderr)
    }

    func testABackupRestoredAfterTheErasureCannotRevealAnnasFields() throws {
        // Encrypted: the listing shows Anna's four calls (her private number masked per her
        // package), the files never held the number in clear.
        XCTAssertEqual(try calls().filter { $0["extension_key"] as? String == "berlin/2001" }.count, 4)
        XCTAssertEqual(try hitsInFiles(annasNumber), 0, "sealed at rest")
        let backup = directory.appendingPathComponent("backup.db").path
        try SQLiteDatabase(path: database).execute("VACUUM INTO '\(backup)'")
        // The backup opens with the current key before the erasure (it is a working backup).
        let before = try TestEnvironment.run(TestEnvironment.tollbookExecutable,
                                             ["calls", "--format", "json", "--config", config, "--db", backup])
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertEqual(before.stdout.components(separatedBy: "\"berlin/2001\"").count - 1, 4, before.stdout)

        let output = try run(["erase", "--participant", "E1", "--out", receipt])
        XCTAssertTrue(output.contains(": 4 calls (business 3, pin 0, private 1, project 0)"), output)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: receipt))) as? [String: Any])
        let destroyed = try XCTUnwrap(object["destroyed_key_fingerprints"] as? [String])
        XCTAssertFalse(destroyed.isEmpty, "her data keys are destroyed and listed in the receipt")
        XCTAssertEqual(try TestEnvironment.run(TestEnvironment.tollbookExecutable, ["erase", "verify", receipt]).status, 0)
        // The others' calls are still readable in the live store (re-sealed under fresh keys).
        let live = try calls()
        XCTAssertEqual(live.count, 7)
        XCTAssertFalse(live.contains { $0["remote_e164"] as? String == annasNumber })
        XCTAssertTrue(live.contains { $0["remote_e164"] as? String == "+49305557777" })

        // Restore the old backup over the store: with the current key it reveals nothing of Anna.
        try FileManager.default.removeItem(atPath: database)
        try? FileManager.default.removeItem(atPath: database + "-wal")
        try? FileManager.default.removeItem(atPath: database + "-shm")
        try FileManager.default.copyItem(atPath: backup, toPath: database)
        let restored = try tollbook(["calls", "--format", "json"])
        XCTAssertFalse(restored.stdout.contains(annasNumber), "the restored backup reveals the erased number")
        XCTAssertFalse(restored.stderr.contains(annasNumber))
        XCTAssertNotEqual(restored.status, 0, "the backup's keys are gone: it cannot be opened with the current key material")
        XCTAssertEqual(try hitsInFiles(annasNumber), 0)
    }
}
