import Foundation
@testable import Store
import TestSupport
import XCTest

/// P11 with the spec's fixture: `tollbook retention run` as of +3 months +1 day removes Anna's
/// private call from every channel, keeps business calls until 6 months, keeps the cost totals to
/// the cent through the retained sums, and the audit log still verifies after pruning.
final class RetentionRunTests: RetentionTestCase {
    /// 3 March 2025 + 3 months + 1 day.
    let privateExpiry = "2025-06-04"
    /// 3 March 2025 + 6 months + 1 day.
    let businessExpiry = "2025-09-04"

    private func retention(_ asOf: String, dryRun: Bool = false) throws -> [String: Any] {
        try XCTUnwrap(try json(try run(["retention", "run", "--as-of", asOf, "--format", "json"] + (dryRun ? ["--dry-run"] : [])))
                      as? [String: Any])
    }

    private func count(_ report: [String: Any], _ dataClass: String, _ category: String) -> Int? {
        (report["lines"] as? [[String: Any]])?.first { $0["data_class"] as? String == dataClass && $0["category"] as? String == category }
            .flatMap { ($0["count"] as? NSNumber)?.intValue }
    }

    func testPrivateCallsGoAfterThreeMonthsBusinessAfterSixAndCostTotalsStayToTheCent() throws {
        let before = try calls()
        XCTAssertEqual(before.count, 11)
        let totalsBefore = try costTotals()
        XCTAssertEqual(totalsBefore["Berlin/Sales"], "0.32")
        XCTAssertEqual(totalsBefore["(all)"], "0.37")
        let statementBefore = try run(["report", "statement", "--node", "Berlin/Sales", "--period", "2025-03"])
        XCTAssertTrue(statementBefore.contains("Berlin/Sales,Anna,E1,2025-03,calls,,4,calls,0.02,EUR"), statementBefore)

        // One day short of three months: nothing expires.
        let early = try retention("2025-06-02")
        XCTAssertEqual(count(early, "detail", "private"), 0)
        XCTAssertEqual(try calls().count, 11)

        let report = try retention(privateExpiry)
        XCTAssertEqual(count(report, "detail", "private"), 1)
        XCTAssertEqual(count(report, "detail", "business"), 0)
        XCTAssertEqual(report["dry_run"] as? Bool, false)
        // Gone from every channel: the listing, Anna's own view, statements, cost report detail.
        let after = try calls()
        XCTAssertEqual(after.count, 10)
        XCTAssertFalse(try run(["calls", "--format", "json"]).contains(annasNumber))
        XCTAssertFalse(try run(["calls", "--format", "json", "--as", "anna"]).contains(annasNumber))
        XCTAssertEqual(try calls(as: "anna").count, 3, "Anna's three business calls stay")
        let statement = try run(["report", "statement", "--node", "Berlin/Sales", "--period", "2025-03"])
        XCTAssertTrue(statement.contains("Berlin/Sales,Anna,E1,2025-03,calls,,3,calls,0.00,EUR"), statement)
        XCTAssertTrue(statement.hasSuffix("Berlin/Sales,,,2025-03,total,,,,0.32,EUR\r\n"), statement)
        let people = try XCTUnwrap(try json(try run(["report", "costs", "--from", "2025-03-01", "--to", "2025-03-31",
                                                     "--by", "participant", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(people.first { $0["participant"] as? String == "Anna" }?["calls"] as? Int, 3)
        // Totals unchanged to the cent: the private call's 0.02 is in Berlin/Sales' retained sum.
        XCTAssertEqual(try costTotals(), totalsBefore)
        let store = try SQLiteDatabase(path: database)
        XCTAssertEqual(try store.scalarText("SELECT month || ' ' || node_id || ' ' || category || ' ' || currency || ' ' || calls || ' ' || cost_minor FROM retained_sums"),
                       "2025-03 3 private EUR 1 2")
        XCTAssertEqual(try hitsInFiles(annasNumber), 0, "secure delete and WAL truncation leave no trace of the number")

        // Six months + 1 day: the business calls go too; the totals still do not move.
        let later = try retention(businessExpiry)
        XCTAssertEqual(count(later, "detail", "business"), 10)
        XCTAssertEqual(try calls().count, 0)
        XCTAssertEqual(try costTotals(), totalsBefore)
        XCTAssertTrue(try run(["audit", "verify"]).hasPrefix("audit log intact"))
    }

    func testADryRunCountsAndChangesNothing() throws {
        let store = try SQLiteDatabase(path: database)
        let before = try store.scalarText("SELECT group_concat(id || ':' || category) FROM calls")
        let report = try retention(businessExpiry, dryRun: true)
        XCTAssertEqual(report["dry_run"] as? Bool, true)
        XCTAssertEqual(count(report, "detail", "private"), 1)
        XCTAssertEqual(count(report, "detail", "business"), 10)
        XCTAssertEqual(try store.scalarText("SELECT group_concat(id || ':' || category) FROM calls"), before)
        XCTAssertEqual(try store.scalarInt("SELECT count(*) FROM retained_sums"), 0)
        // The dry run itself is audited, with counts only.
        let rows = try XCTUnwrap(try json(try run(["audit", "list", "--action", "retention.run", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(rows.count, 1)
        let detail = try XCTUnwrap(rows.first?["detail"] as? String)
        XCTAssertTrue(detail.hasPrefix("dry_run=true "), detail)
        XCTAssertTrue(detail.contains(" detail.business=10 detail.project=0 detail.private=1 detail.pin=0 "), detail)
        XCTAssertFalse(detail.contains("+49"), detail)
        let table = try run(["retention", "run", "--as-of", businessExpiry, "--dry-run"])
        XCTAssertTrue(table.contains("WOULD DELETE"), table)
    }

    func testAuditPruningKeepsTheChainVerifiable() throws {
        // Rows written now (2026) are younger than 2 years as of 2028-01-01 minus…: age them by asking as of 2030.
        try run(["audit", "anchor"])
        try run(["audit", "anchor"])
        let head = try XCTUnwrap(try json(try run(["audit", "list", "--format", "json"])) as? [[String: Any]]).count
        XCTAssertGreaterThanOrEqual(head, 3)
        let report = try retention("2030-01-01")
        XCTAssertEqual(count(report, "audit", "-"), head, "every row older than 2 years is pruned as a prefix")
        let remaining = try XCTUnwrap(try json(try run(["audit", "list", "--format", "json"])) as? [[String: Any]])
        XCTAssertEqual(remaining.count, 1, "only the retention.run row itself")
        XCTAssertEqual(remaining.first?["action"] as? String, "retention.run")
        XCTAssertEqual((remaining.first?["seq"] as? NSNumber)?.intValue, head + 1)
        XCTAssertTrue((remaining.first?["detail"] as? String ?? "").contains("audit_pruned_through=\(head)"))
        let verify = try run(["audit", "verify"])
        XCTAssertTrue(verify.hasPrefix("audit log intact"), verify)
        // Tampering after the prune point is still found.
        let store = try SQLiteDatabase(path: database)
        try store.execute("UPDATE audit_log SET detail = detail || 'x' WHERE seq = \(head + 1)")
        let broken = try tollbook(["audit", "verify"])
        XCTAssertEqual(broken.status, 1)
        XCTAssertTrue(broken.stdout.contains("row \(head + 1) was edited"), broken.stdout)
    }
}
