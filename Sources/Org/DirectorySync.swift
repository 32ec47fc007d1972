/// Makes the org chart follow a directory: participants are matched by the directory's unique id
/// (`external_id`), created at their path, updated (name, e-mail, employee id), moved from today
/// (midnight UTC) when their path changed, given the extensions their numbers map to (and
/// relieved of extensions no longer listed) from today, and end-dated today when they are no
/// longer in the directory — never deleted, so their history stays. PINs, account codes, devices
/// and person groups are not touched.
public struct DirectorySync {
    /// Maps the directory's numbers to extension keys.
    public var mapper: ExtensionKeyMapper

    /// The top-level node for people without an OU path or department.
    public static let unplacedNodeName = "Unassigned (directory)"

    /// Creates a sync with the sites' numbering.
    public init(mapper: ExtensionKeyMapper) {
        self.mapper = mapper
    }

    /// The result of planning: the plan and notes about input that was skipped.
    public struct Outcome: Sendable, Equatable {
        /// The changes.
        public var plan: OrgPlan
        /// Entries or numbers that were skipped, with why (no numbers or personal data in them).
        public var notes: [String]
    }

    /// Plans the changes that make `chart` match `entries` as of `nowMs`.
    /// - Throws: ``OrgError/importFailed(_:)`` when entries cannot be used (missing id or path,
    ///   a path too deep, an id twice, an extension claimed twice, history after today).
    public func plan(_ entries: [DirectoryEntry], chart: OrgChart, nowMs: Int64) throws -> Outcome {
        let today = chart.clock.startOfDay(nowMs)
        var problems: [OrgImportProblem] = []
        var notes: [String] = []
        var targets: [ParticipantTarget] = []
        var seen: [String: Int] = [:]
        for (offset, entry) in entries.enumerated() {
            let location = "entry \(offset + 1)"
            func problem(_ message: String) { problems.append(OrgImportProblem(location: location, line: offset + 1, message: message)) }
            guard !entry.uniqueID.isEmpty else { problem("it has no unique id"); continue }
            if let first = seen[entry.uniqueID] { problem("its unique id is also used by entry \(first)"); continue }
            seen[entry.uniqueID] = offset + 1
            guard !entry.displayName.trimmingSpaces.isEmpty else { problem("it has no display name"); continue }
            var components = entry.organisationalPath.isEmpty ? [entry.department] : entry.organisationalPath
            components = components.filter { !$0.trimmingSpaces.isEmpty }
            if components.isEmpty {
                // Nobody is left out because the directory lacks an OU or department: such people
                // go to a node of their own, where an admin sees them.
                components = [Self.unplacedNodeName]
                notes.append("\(location): no OU path or department, placed under \(Self.unplacedNodeName)")
            }
            let path: OrgPath
            do {
                path = try OrgPath(parsing: components.map { $0.replacingSlashes }.joined(separator: "/"))
            } catch {
                problem("\(error)")
                continue
            }
            var keys: [String] = []
            var unmapped = 0
            for number in entry.numbers where !number.trimmingSpaces.isEmpty {
                guard let key = mapper.extensionKey(for: number, siteHint: path.components.first) else {
                    unmapped += 1
                    continue
                }
                if !keys.contains(key) { keys.append(key) }
            }
            if unmapped > 0 {
                notes.append("\(location): \(unmapped) number(s) outside every site's extensions and DID blocks, skipped")
            }
            targets.append(ParticipantTarget(
                location: location, line: offset + 1, name: entry.displayName.trimmingSpaces, email: entry.mail, employeeID: entry.employeeID,
                externalID: entry.uniqueID, path: path, classifiers: [.extension: keys], fromMs: today))
        }
        guard problems.isEmpty else { throw OrgError.importFailed(problems) }
        let plan = try OrgPlanner(matching: .externalID, endMissingAtMs: today).plan(targets, against: chart)
        return Outcome(plan: plan, notes: notes)
    }
}

extension String {
    /// The text with `/` replaced by `-`, so a directory name cannot split a path level.
    var replacingSlashes: String { String(map { $0 == "/" ? "-" : $0 }) }
}
