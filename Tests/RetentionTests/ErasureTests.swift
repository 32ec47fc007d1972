import Foundation
@testable import Store
import TestSupport
import XCTest

/// P12: `tollbook erase` of Anna (and of a number) leaves no trace in the listing, the org chart,
/// the database file or its WAL; the receipt verifies, a flipped byte does not; the legal hold is
/// listed with its basis; the audit log still verifies.
final class ErasureTests: RetentionTestCase {
    private var key: String { directory.appendingPathComponent("erasure.key").path }
    private var receipt: String { directory.appendingPathComponent("receipt.json").path }

    override var privacySection: String {
        """
        privacy:
          erasure:
            signing_key_file: erasure.key

        """
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        let keygen = try TestEnvironment.run(TestEnvironment.tollbookExecutable, ["erase", "keygen", "--out", key])
        XCTAssertEqual(keygen.status, 0, keygen.stderr)
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? NSNumber
        XCTAssertEqual(mode?.intValue, 0o600)
    }

    private func receiptObject() throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: receipt))) as? [String: Any])
    }

    func testErasingAnnaLeavesNoTraceAndTheReceiptVerifies() throws {
        XCTAssertGreaterThan(try hitsInFiles("Anna"), 0)
        XCTAssertGreaterThan(try hitsInFiles("berlin/2001"), 0)
        XCTAssertGreaterThan(try hitsInFiles(annasNumber), 0)
        let totals = try costTotals()
        let output = try run(["erase", "--participant", "E1", "--reason", "Art. 17 request 2026-12", "--out", receipt])
        XCTAssertTrue(output.contains(": 4 calls (business 3, pin 0, private 1, project 0)"), output)
        XCTAssertTrue(output.contains("legal hold: billed private charges 2025-03 private: 1 calls, 2 minor units EUR kept as sums without numbers until 2035-03 (Art. 17(3)(b) GDPR"), output)
        XCTAssertFalse(output.contains("Anna"), output)

        // Search by name, extension key and called number: calls, the org chart, the raw files.
        let listing = try run(["calls", "--format", "json"])
        for needle in ["Anna", "berlin/2001", annasNumber, "anna@example.com"] {
            XCTAssertFalse(listing.contains(needle), needle)
            XCTAssertEqual(try hitsInFiles(needle), 0, "\(needle) in the database file or WAL")
        }
        XCTAssertEqual(try calls().count, 7)
        let chart = try run(["org", "show", "--at", "2025-03-03"])
        XCTAssertFalse(chart.contains("Anna"), chart)
        XCTAssertFalse(chart.contains("2001"), chart)
        XCTAssertTrue(chart.contains("Ben"), chart)
        XCTAssertTrue(chart.contains("erased "), chart)
        let wal = (try? FileManager.default.attributesOfItem(atPath: database + "-wal")[.size] as? NSNumber)?.intValue ?? 0
        XCTAssertEqual(wal, 0, "the WAL is truncated")
        // Cost totals stay: Anna's calls are in Berlin/Sales' k-safe sums.
        XCTAssertEqual(try costTotals(), totals)

        // The receipt: scope as pseudonym, counts, keys, legal hold with basis, audit seq, signature.
        let object = try receiptObject()
        XCTAssertEqual(object["format"] as? String, "tollbook-erasure-receipt-v1")
        let scope = try XCTUnwrap(object["scope"] as? [String: Any])
        XCTAssertEqual(scope["kind"] as? String, "participant")
        XCTAssertTrue((scope["subject"] as? String ?? "").hasPrefix("ps_"))
        let deleted = try XCTUnwrap(object["deleted"] as? [String: Any])
        XCTAssertEqual((deleted["calls"] as? NSNumber)?.intValue, 4)
        XCTAssertEqual(deleted["per_category"] as? [String: Int], ["business": 3, "private": 1, "project": 0, "pin": 0])
        XCTAssertEqual(object["destroyed_key_fingerprints"] as? [String], [])
        let held = try XCTUnwrap(object["legal_hold"] as? [[String: Any]])
        XCTAssertEqual(held.count, 1)
        XCTAssertEqual(held.first?["basis"] as? String, "Art. 17(3)(b) GDPR with § 147 AO and § 257 HGB (payroll records)")
        XCTAssertEqual((held.first?["cost_minor"] as? NSNumber)?.intValue, 2)
        let audit = try XCTUnwrap(try json(try run(["audit", "list", "--action", "erasure", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(audit.count, 1)
        XCTAssertEqual((audit.first?["seq"] as? NSNumber)?.intValue, (object["audit_seq"] as? NSNumber)?.intValue)
        XCTAssertEqual(audit.first?["subject"] as? String, scope["subject"] as? String, "the audit row names the same pseudonym")
        XCTAssertFalse((audit.first?["detail"] as? String ?? "").contains("Anna"))
        XCTAssertTrue(try run(["audit", "verify"]).hasPrefix("audit log intact"))

        let verify = try TestEnvironment.run(TestEnvironment.tollbookExecutable, ["erase", "verify", receipt])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        XCTAssertTrue(verify.stdout.hasPrefix("valid: request "), verify.stdout)
        // Pinned to the right public key: valid; to another key: invalid.
        let publicKey = directory.appendingPathComponent("erasure.pub").path
        try Data(((object["public_key"] as? String ?? "") + "\n").utf8).write(to: URL(fileURLWithPath: publicKey))
        XCTAssertEqual(try TestEnvironment.run(TestEnvironment.tollbookExecutable, ["erase", "verify", receipt, "--public-key", publicKey]).status, 0)
        let otherKey = directory.appendingPathComponent("other.key").path
        let other = try TestEnvironment.run(TestEnvironment.tollbookExecutable, ["erase", "keygen", "--out", otherKey])
        try Data(other.stdout.utf8).write(to: URL(fileURLWithPath: publicKey))
        let pinned = try TestEnvironment.run(TestEnvironment.tollbookExecutable, ["erase", "verify", receipt, "--public-key", publicKey])
        XCTAssertEqual(pinned.status, 1)
        XCTAssertEqual(pinned.stdout, "invalid: signed with a different key than the one given with --public-key\n")
    }

    func testOneFlippedByteMakesTheReceiptInvalid() throws {
        try run(["erase", "--participant", "E1", "--out", receipt])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: receipt)))
        // Flip a digit of the audit seq: still valid JSON, but not what was signed.
        let text = String(decoding: bytes, as: UTF8.self)
        let range = try XCTUnwrap(text.range(of: "\"audit_seq\""))
        var offset = text.utf8.distance(from: text.startIndex, to: range.upperBound)
        while !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
        bytes[offset] = bytes[offset] == UInt8(ascii: "9") ? UInt8(ascii: "8") : bytes[offset] + 1
        let changed = directory.appendingPathComponent("changed.json")
        try Data(bytes).write(to: changed)
        let result = try TestEnvironment.run(TestEnvironment.tollbookExecutable, ["erase", "verify", changed.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "invalid: the signature does not match the content (the receipt was changed)\n")
    }

    func testEraseByNumberRemovesEveryCallWithIt() throws {
        // +49305557777 is the remote party of two calls (Other and Cleo's).
        let output = try run(["erase", "--number", "+49305557777", "--out", receipt])
        XCTAssertTrue(output.contains(": 2 calls (business 2, pin 0, private 0, project 0)"), output)
        XCTAssertEqual(try calls().count, 9)
        XCTAssertEqual(try hitsInFiles("+49305557777"), 0)
        XCTAssertEqual(try hitsInFiles("Cleo") > 0, true, "erasing a number leaves the org chart alone")
        let object = try receiptObject()
        XCTAssertEqual((object["scope"] as? [String: Any])?["kind"] as? String, "number")
        XCTAssertFalse(try String(contentsOfFile: receipt, encoding: .utf8).contains("+49305557777"))
        XCTAssertEqual(try TestEnvironment.run(TestEnvironment.tollbookExecutable, ["erase", "verify", receipt]).status, 0)
        let bad = try tollbook(["erase", "--number", "030 5557777", "--out", receipt + "2"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--number must be an E.164 number"), bad.stderr)
    }

    func testSomeoneWhoLeftCanBeErasedAndAnUnknownReferenceIsAClearError() throws {
        try run(["org", "participant", "remove", "E2", "--from", "2025-04-01"])
        let output = try run(["erase", "--participant", "E2", "--out", receipt])
        XCTAssertTrue(output.contains(": 2 calls (business 2, pin 0, private 0, project 0)"), output)
        XCTAssertEqual(try hitsInFiles("Ben"), 0)
        XCTAssertEqual(try calls().count, 9)
        let unknown = try tollbook(["erase", "--participant", "E9", "--out", receipt + "2"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("--participant: no participant matches it"), unknown.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: receipt + "2"))
    }

    func testASigningKeyOthersCanReadIsRefused() throws {
        XCTAssertEqual(chmod(key, 0o644), 0)
        let result = try tollbook(["erase", "--participant", "E1", "--out", receipt])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("erasure signing key \(key): mode 644 lets others read it; chmod 600"), result.stderr)
        XCTAssertEqual(try calls().count, 11, "nothing was erased")
    }
}
