import Foundation
import Org
import TollbookConfiguration

/// The retention rules resolved against the org chart: the periods of a node are the nearest
/// group rule on its path to the root (sub-units inherit), category by category, else the default.
public struct RetentionPolicy: Sendable {
    /// The configuration.
    public let configuration: RetentionConfiguration
    /// Parent of every node.
    private let parents: [Int64: Int64]
    /// Group rules by node id.
    private let rules: [Int64: RetentionRule]

    /// Resolves `configuration`'s groups on `chart`.
    /// - Throws: ``RetentionError/unknownGroup(path:)`` for a group path the chart does not have.
    public init(configuration: RetentionConfiguration, chart: OrgChart) throws {
        self.configuration = configuration
        var parents: [Int64: Int64] = [:]
        for node in try chart.nodes(includingRemoved: true) {
            if let parent = node.parentID { parents[node.id] = parent }
        }
        var rules: [Int64: RetentionRule] = [:]
        for group in configuration.groups {
            guard let path = try? OrgPath(parsing: group.node), let node = try chart.node(at: path) else {
                throw RetentionError.unknownGroup(path: group.node)
            }
            rules[node.id] = group.rule
        }
        self.parents = parents
        self.rules = rules
    }

    /// The detail period of `category` for calls allocated to `nodeID`.
    public func detail(nodeID: Int64, category: String) -> RetentionPeriod {
        period(nodeID: nodeID) { $0.detail[category] } ?? configuration.defaultRule.detail[category]
            ?? RetentionRule.defaults.detail[category] ?? RetentionPeriod(3, .month)
    }

    /// The period of the k-safe sums of `category` at `nodeID`.
    public func aggregates(nodeID: Int64, category: String) -> RetentionPeriod {
        period(nodeID: nodeID) { $0.aggregates[category] } ?? configuration.defaultRule.aggregates[category]
            ?? RetentionPeriod(10, .year)
    }

    /// The shortest detail period of any rule (calls younger than it never expire).
    public var shortestDetail: RetentionPeriod { configuration.shortestDetail }

    private func period(nodeID: Int64, _ pick: (RetentionRule) -> RetentionPeriod?) -> RetentionPeriod? {
        var current: Int64? = nodeID
        var seen = Set<Int64>()
        while let id = current, seen.insert(id).inserted {
            if let rule = rules[id], let value = pick(rule) { return value }
            current = parents[id]
        }
        return nil
    }
}

/// Months (`YYYY-MM`) on one time zone: retained sums are kept per month of the report clock.
public struct MonthClock: Sendable {
    /// The time zone.
    public let timeZone: TimeZone

    /// A clock on `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The month of a UTC instant.
    public func month(ofMs ms: Int64) -> String {
        let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(ms) / 1000))
        return String(format: "%04d-%02d", parts.year ?? 1970, parts.month ?? 1)
    }
}
