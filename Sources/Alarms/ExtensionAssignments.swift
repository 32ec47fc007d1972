import Org

/// Who was assigned to which extension when, from the org chart: what `unknown_extension` checks.
public struct ExtensionAssignments: Sendable, Equatable {
    /// Assignment periods per extension key (`berlin/2001`).
    public var periods: [String: [(from: Int64, to: Int64?)]]

    /// Creates the table from periods per extension key.
    public init(periods: [String: [(from: Int64, to: Int64?)]]) {
        self.periods = periods
    }

    /// Reads the extension classifiers and their assignments of `chart`.
    /// - Throws: what the store throws.
    public init(chart: OrgChart) throws {
        let extensions = try chart.classifiers().filter { $0.kind == .extension }
        var periods: [String: [(from: Int64, to: Int64?)]] = [:]
        for classifier in extensions {
            periods[classifier.value] = try chart.assignments(ofClassifier: classifier.id).map { ($0.fromMs, $0.toMs) }
        }
        self.periods = periods
    }

    /// Whether the chart knows any assigned extension (without, the rule has nothing to compare with and stays silent).
    public var isEmpty: Bool { periods.values.allSatisfy(\.isEmpty) }

    /// `nil` when someone was assigned to `key` at `ms`; else why not.
    public func problem(_ key: String, at ms: Int64) -> Problem? {
        guard let list = periods[key], !list.isEmpty else { return .unknown }
        return list.contains { $0.from <= ms && ($0.to.map { ms < $0 } ?? true) } ? nil : .notAssigned
    }

    /// Why an extension does not count as known.
    public enum Problem: Sendable, Equatable {
        /// Not in the org chart (no assignment ever).
        case unknown
        /// Assigned at other times, not at this one (ended, or not begun yet).
        case notAssigned
    }

    /// Compares the periods.
    public static func == (lhs: ExtensionAssignments, rhs: ExtensionAssignments) -> Bool {
        lhs.periods.keys.sorted() == rhs.periods.keys.sorted() && lhs.periods.allSatisfy { key, list in
            let other = rhs.periods[key] ?? []
            return list.count == other.count && zip(list, other).allSatisfy { $0.from == $1.from && $0.to == $1.to }
        }
    }
}
