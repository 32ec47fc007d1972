import TollbookConfiguration
import TollbookCore

/// Packages with their assignments resolved to node and participant ids, and the rule that picks
/// the package in force for a participant on a day: the participant's own assignment first, else
/// the nearest node above the participant's node (inheritance down the tree), else none.
struct ResolvedPackages {
    struct Assignment {
        let package: Int
        let from: CalendarDay
        /// Exclusive.
        let until: CalendarDay?

        func contains(_ day: CalendarDay) -> Bool { day >= from && (until.map { day < $0 } ?? true) }
    }

    let packages: [PackageSettings]
    private(set) var byNode: [Int64: [Assignment]] = [:]
    private(set) var byParticipant: [Int64: [Assignment]] = [:]
    let parents: [Int64: Int64]

    init(_ packages: [PackageSettings], org: CostingOrg, currency: String) throws {
        self.packages = packages
        var parents: [Int64: Int64] = [:]
        var nodeByPath: [String: Int64] = [:]
        for node in org.nodes {
            if let parent = node.parentID { parents[node.id] = parent }
            nodeByPath[node.path.lowercased()] = node.id
        }
        self.parents = parents
        for (index, package) in packages.enumerated() {
            guard package.currency == currency else {
                throw CostingError.currencyMismatch(package: package.name, currency: package.currency, expected: currency)
            }
            for assignment in package.assignments {
                guard let from = CalendarDay(assignment.from) else { continue }
                let until = assignment.to.flatMap(CalendarDay.init).map { $0.adding(days: 1) }
                let resolved = Assignment(package: index, from: from, until: until)
                switch assignment.target {
                case .node(let path):
                    let key = path.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
                        .joined(separator: "/").lowercased()
                    guard let id = nodeByPath[key] else {
                        throw CostingError.unknownNode(package: package.name, path: path, line: assignment.line)
                    }
                    byNode[id, default: []].append(resolved)
                case .participant(let identity):
                    guard let participant = org.participants.first(where: {
                        (!$0.employeeID.isEmpty && $0.employeeID == identity)
                            || (!$0.email.isEmpty && $0.email.lowercased() == identity.lowercased())
                    }) else {
                        throw CostingError.unknownParticipant(package: package.name, line: assignment.line)
                    }
                    byParticipant[participant.id, default: []].append(resolved)
                }
            }
        }
    }

    /// The package in force for a participant sitting at `node` on `day`.
    func package(participant: Int64, node: Int64, on day: CalendarDay) -> Int? {
        if let own = byParticipant[participant]?.first(where: { $0.contains(day) }) { return own.package }
        var current: Int64? = node
        var steps = 0
        while let id = current, steps < 16 {
            if let inherited = byNode[id]?.first(where: { $0.contains(day) }) { return inherited.package }
            current = parents[id]
            steps += 1
        }
        return nil
    }
}
