import Foundation
import Org
import Retention
import Store
import TestSupport
import TollbookConfiguration
import XCTest

/// Person groups: a group rule applies to its org node and every sub-unit, category by category;
/// what it does not set comes from the nearest group above, else the default.
final class RetentionPolicyTests: XCTestCase {
    func testSubUnitsInheritTheirGroupsRuleCategoryByCategory() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-retention-policy")
        defer { try? FileManager.default.removeItem(at: directory) }
        let chart = OrgChart(store: try CallStore(path: directory.appendingPathComponent("t.db").path))
        _ = try chart.addNode(at: try OrgPath(parsing: "Berlin/Sales/Inside"), nowMs: 0)
        _ = try chart.addNode(at: try OrgPath(parsing: "Berlin/Support"), nowMs: 0)
        func id(_ path: String) throws -> Int64 { try XCTUnwrap(try chart.node(at: try OrgPath(parsing: path))).id }
        var configuration = RetentionConfiguration()
        configuration.groups = [
            RetentionGroupRule(node: "Berlin", rule: RetentionRule(detail: ["business": RetentionPeriod(4, .month)])),
            RetentionGroupRule(node: "Berlin/Sales", rule: RetentionRule(detail: ["private": RetentionPeriod(1, .month)],
                                                                         aggregates: ["business": RetentionPeriod(12, .year)])),
        ]
        let policy = try RetentionPolicy(configuration: configuration, chart: chart)
        XCTAssertEqual(policy.detail(nodeID: try id("Berlin/Sales/Inside"), category: "private"), RetentionPeriod(1, .month))
        XCTAssertEqual(policy.detail(nodeID: try id("Berlin/Sales/Inside"), category: "business"), RetentionPeriod(4, .month))
        XCTAssertEqual(policy.detail(nodeID: try id("Berlin/Sales/Inside"), category: "project"), RetentionPeriod(6, .month))
        XCTAssertEqual(policy.aggregates(nodeID: try id("Berlin/Sales/Inside"), category: "business"), RetentionPeriod(12, .year))
        XCTAssertEqual(policy.detail(nodeID: try id("Berlin/Support"), category: "private"), RetentionPeriod(3, .month))
        XCTAssertEqual(policy.detail(nodeID: try id("Berlin/Support"), category: "business"), RetentionPeriod(4, .month))
        XCTAssertEqual(policy.detail(nodeID: OrgChart.otherNodeID, category: "business"), RetentionPeriod(6, .month))
        XCTAssertEqual(policy.shortestDetail, RetentionPeriod(1, .month))

        configuration.groups.append(RetentionGroupRule(node: "Hamburg", rule: RetentionRule()))
        XCTAssertThrowsError(try RetentionPolicy(configuration: configuration, chart: chart)) { error in
            XCTAssertEqual("\(error)", "privacy.retention.groups: there is no org node 'Hamburg'")
        }
    }

    func testPeriodsAreCalendarArithmeticInUTC() {
        // 2025-06-04T00:00Z minus 3 months is 2025-03-04T00:00Z; minus 10 years 2015-06-04.
        XCTAssertEqual(RetentionPeriod(3, .month).cutoffMs(asOfMs: 1_749_000_000_000 - 1_749_000_000_000 % 86_400_000),
                       1_741_046_400_000)
        XCTAssertEqual(RetentionPeriod(parsing: "10 years"), RetentionPeriod(10, .year))
        XCTAssertEqual(RetentionPeriod(parsing: "1 month"), RetentionPeriod(1, .month))
        XCTAssertNil(RetentionPeriod(parsing: "0 months"))
        XCTAssertNil(RetentionPeriod(parsing: "3 fortnights"))
        XCTAssertEqual(RetentionPeriod(2, .week).description, "2 weeks")
    }
}
