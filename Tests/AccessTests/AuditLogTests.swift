@testable import Access
import Foundation
import Store
import XCTest

/// The HMAC-chained audit log: tampering is found and named, subjects are pseudonyms, the key
/// file is kept private.
final class AuditLogTests: AccessTestCase {
    /// Ten rows and the anchor at seq 10.
    private func tenRows() throws -> AuditAnchor {
        for index in 1...10 {
            try log.record(AuditEvent(action: "export", actor: "mia", subject: "participant \(index)", outcome: .success,
                                      detail: "rows=\(index)"))
            clock.advance(seconds: 1)
        }
        return try XCTUnwrap(try log.head())
    }

    func testAnIntactLogVerifiesAgainstItsAnchor() throws {
        let anchor = try tenRows()
        XCTAssertEqual(anchor.seq, 10)
        let result = try log.verify(anchor: anchor)
        XCTAssertEqual(result.problems, [])
        XCTAssertEqual(result.rows, 10)
        XCTAssertEqual(result.head, anchor)
        XCTAssertEqual(AuditAnchor(parsing: "\(anchor)\n"), anchor)
        XCTAssertEqual("\(anchor)", "tollbook-audit-anchor seq=10 mac=\(anchor.mac)")
    }

    func testDeletingTheLastTwoRowsIsTruncation() throws {
        let anchor = try tenRows()
        try tamper("DELETE FROM audit_log WHERE seq > 8")
        XCTAssertEqual(try log.verify(anchor: anchor).problems, ["truncated after seq 8 (the anchor names seq 10)"])
        XCTAssertEqual(try log.verify(anchor: nil).problems, [], "without the anchor a truncated log looks whole")
    }

    func testEditingOneByteFailsAtThatRow() throws {
        let anchor = try tenRows()
        try tamper("UPDATE audit_log SET detail = 'rows=8' WHERE seq = 7")
        XCTAssertEqual(try log.verify(anchor: anchor).problems, ["row 7 was edited"])
    }

    func testEditingATimeOrAnOutcomeIsFoundToo() throws {
        let anchor = try tenRows()
        try tamper("UPDATE audit_log SET time_ms = time_ms + 1 WHERE seq = 2; UPDATE audit_log SET outcome = 'denied' WHERE seq = 9")
        XCTAssertEqual(try log.verify(anchor: anchor).problems, ["row 2 was edited", "row 9 was edited"])
    }

    func testSwappedRowsAreReportedAsReordered() throws {
        let anchor = try tenRows()
        try tamper("""
            UPDATE audit_log SET seq = -3 WHERE seq = 3;
            UPDATE audit_log SET seq = 3 WHERE seq = 4;
            UPDATE audit_log SET seq = 4 WHERE seq = -3;
            """)
        XCTAssertEqual(try log.verify(anchor: anchor).problems, [
            "row 3 holds what was written as seq 4 (rows were reordered)",
            "row 4 holds what was written as seq 3 (rows were reordered)",
        ])
    }

    func testADeletedMiddleRowIsNamed() throws {
        let anchor = try tenRows()
        try tamper("DELETE FROM audit_log WHERE seq = 5")
        XCTAssertEqual(try log.verify(anchor: anchor).problems, ["row 5 was deleted"])
        try tamper("DELETE FROM audit_log WHERE seq IN (6, 7)")
        XCTAssertEqual(try log.verify(anchor: anchor).problems, ["rows 5–7 were deleted"])
    }

    func testARowReplacedWithADifferentChainBreaksTheChain() throws {
        let anchor = try tenRows()
        // A copy of row 2's fields under seq 2 but pointing at a made-up predecessor: MAC fails.
        try tamper("UPDATE audit_log SET prev_mac = '\(String(repeating: "1", count: 64))' WHERE seq = 2")
        XCTAssertEqual(try log.verify(anchor: anchor).problems, ["row 2 was edited"])
        try tamper("UPDATE audit_log SET mac = 'ff' || substr(mac, 3) WHERE seq = 10")
        XCTAssertEqual(try log.verify(anchor: anchor).problems,
                       ["row 2 was edited", "row 10 was edited", "row 10 differs from the anchor (the log was replaced up to there)"])
    }

    func testNoNameOrNumberReachesTheAuditTable() throws {
        try addUser("mia", roles: ["manager"])
        for subject in ["Anna Berger", "+49 30 5550 2101", "anna.berger@example.com"] {
            try log.record(AuditEvent(action: AuditAction.reportForOther, actor: "mia", subject: subject, outcome: .success,
                                      detail: "report=statement"))
        }
        for text in ["Anna Berger", "Berger", "5550 2101", "5550", "anna.berger"] {
            XCTAssertEqual(try occurrences(of: text), 0, text)
        }
        let rows = try log.entries(AuditFilter(subject: "Anna Berger"))
        XCTAssertEqual(rows.map(\.seq), [2])
        XCTAssertEqual(rows.first?.subject, log.key.pseudonym("Anna Berger"))
        XCTAssertTrue(try XCTUnwrap(rows.first?.subject).hasPrefix("ps_"))
        XCTAssertEqual(rows.first?.subject?.count, 35)
        XCTAssertEqual(try log.entries(AuditFilter(actor: "mia")).count, 3)
    }

    func testTheKeyFileIsCreatedPrivateAndLooserModesAreRefused() throws {
        var info = stat()
        XCTAssertEqual(stat(keyPath, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o600)
        let text = try String(contentsOfFile: keyPath, encoding: .utf8)
        XCTAssertEqual(text.count, 65, "64 hex digits and a newline")
        try log.record(AuditEvent(action: "setup", actor: "SUPERUSER", outcome: .success))

        XCTAssertEqual(chmod(keyPath, 0o644), 0)
        XCTAssertEqual(error { try AuditLog(databasePath: databasePath, keyPath: keyPath) } as? AccessError,
                       .auditKey(path: keyPath, reason: "has mode 0644; it must be readable by its owner only (chmod 600 \(keyPath))"))
        XCTAssertEqual(chmod(keyPath, 0o600), 0)
        XCTAssertNoThrow(try AuditLog(databasePath: databasePath, keyPath: keyPath))

        try FileManager.default.removeItem(atPath: keyPath)
        XCTAssertEqual(error { try AuditLog(databasePath: databasePath, keyPath: keyPath) } as? AccessError,
                       .auditKey(path: keyPath, reason: "missing; restore it from the backup it was saved to "
                                 + "(without it the audit log cannot be verified or continued)"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: keyPath), "a log with rows never gets a new key")
    }

    func testAnotherKeyCannotVerifyTheLog() throws {
        let anchor = try tenRows()
        let other = directory.appendingPathComponent("other.key").path
        XCTAssertTrue(FileManager.default.createFile(atPath: other, contents: Data(String(repeating: "ab", count: 32).utf8),
                                                     attributes: [.posixPermissions: 0o600]))
        let foreign = try AuditLog(databasePath: databasePath, keyPath: other)
        XCTAssertEqual(try foreign.verify(anchor: anchor).problems.count, 10)
    }
}

/// The recording calls other modules use write the documented action names, chained like every row.
final class AuditActionsAreRecordedTests: AccessTestCase {
    func testEveryLaterActionHasItsName() throws {
        try log.recordExport(actor: "mia", subject: "Berlin/Sales", detail: "format=csv rows=120")
        try log.recordReportForOther(actor: "mia", subject: "participant 7", detail: "report=statement")
        try log.recordScopeDenied(actor: "mia", detail: "calls of node 9")
        try log.recordUnlock(actor: "mia", subject: "participant 7", detail: "purpose=billing dispute approver=dpo1")
        try log.recordErasure(actor: "dpo1", subject: "participant 7", detail: "calls=40 receipt=r-1")
        try log.recordRetentionRun(actor: "SUPERUSER", detail: "private_detail=12")
        try log.recordConfigurationChange(actor: "adam", detail: "file=tollbook.yaml keys=access.bcrypt_cost")
        let rows = try log.entries()
        XCTAssertEqual(rows.map(\.action), ["export", "report.other_person", "read.denied", "unlock", "erasure", "retention.run",
                                            "configuration.change"])
        XCTAssertEqual(rows.map(\.outcome), ["success", "success", "denied", "success", "success", "success", "success"])
        XCTAssertEqual(rows.map { $0.subject != nil }, [true, true, false, true, true, false, false])
        XCTAssertEqual(Set(rows.compactMap(\.subject)).count, 2, "the same subject always gets the same pseudonym")
        XCTAssertEqual(try log.verify(anchor: try log.head()).problems, [])
    }
}
