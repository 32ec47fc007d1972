/// Makes the org chart follow a directory: participants are matched by the directory's unique id
/// (`external_id`), or — not yet linked — by the key of ``Options/linkBy``; created at their
/// path, updated (name, e-mail, employee id), moved when their path changed, given the extensions
/// their numbers map to (and relieved of extensions no longer listed), and end-dated when they
/// are no longer in the directory — never deleted, so their history stays. Changes count from
/// today (midnight on the chart's clock) or from ``Options/effectiveMs``. PINs, account codes,
/// devices and person groups are not touched.
public struct DirectorySync {
    /// Maps the directory's numbers to extension keys.
    public var mapper: ExtensionKeyMapper
    /// How the sync matches, dates and guards.
    public var options: Options

    /// The top-level node for people without an OU path or department.
    public static let unplacedNodeName = "Unassigned (directory)"

    /// What to do with entries whose OU path is deeper than the chart's levels.
    public enum DepthPolicy: String, Sendable, Equatable, CaseIterable {
        /// The whole sync fails, naming the entries.
        case refuse
        /// The entry is placed at its first ``OrgPath/maxDepth`` levels (deeper OUs are merged there).
        case flatten
        /// The entry is left out (and, if already in the chart, left as it is), with a note.
        case skip
    }

    /// The settings of a sync (`directory:` section and `org sync` options).
    public struct Options: Sendable, Equatable {
        /// When joins, moves and leaves take effect (UTC ms); `nil`: today's midnight. A date before
        /// people's current placements backdates them (go-live: older calls are allocated too).
        public var effectiveMs: Int64?
        /// How entries find participants that have no directory id yet.
        public var linkBy: DirectoryLink
        /// What happens to entries deeper than seven levels.
        public var maxDepth: DepthPolicy
        /// The largest share (percent) of the managed people one sync may end; more is refused
        /// unless forced. At least one person may always leave.
        public var maxLeavePercent: Int

        /// Creates options; the defaults are today, unique id only, refuse, 10 %.
        public init(effectiveMs: Int64? = nil, linkBy: DirectoryLink = .uniqueID, maxDepth: DepthPolicy = .refuse,
                    maxLeavePercent: Int = 10) {
            self.effectiveMs = effectiveMs
            self.linkBy = linkBy
            self.maxDepth = maxDepth
            self.maxLeavePercent = maxLeavePercent
        }
    }

    /// Creates a sync with the sites' numbering.
    public init(mapper: ExtensionKeyMapper, options: Options = Options()) {
        self.mapper = mapper
        self.options = options
    }

    /// The result of planning: the plan and notes about input that was skipped.
    public struct Outcome: Sendable, Equatable {
        /// The changes.
        public var plan: OrgPlan
        /// Entries or numbers that were skipped or changed, with why (naming the entry's DN, no numbers).
        public var notes: [String]
        /// Active participants with a directory id before the sync (the people it manages).
        public var managed = 0
        /// How many of them the plan ends.
        public var leaving: Int {
            plan.changes.filter { if case .endParticipant = $0 { return true } else { return false } }.count
        }

        /// Why the plan must not be applied without `--force`: it ends more than `maxPercent` of
        /// the managed people (at least one may always leave); `nil` when it may.
        public func refusal(maxPercent: Int) -> String? {
            let allowed = max(1, managed * maxPercent / 100)
            guard leaving > allowed else { return nil }
            return "the sync would end \(leaving) of the \(managed) people it manages (\(leaving * 100 / max(managed, 1)) %), "
                + "more than directory.max_leave_percent (\(maxPercent) %) allows; check the directory's base_dn and filter, "
                + "or apply it with --force"
        }
    }

    /// Plans the changes that make `chart` match `entries` as of `nowMs`.
    /// - Throws: ``OrgError/importFailed(_:)`` when entries cannot be used (missing id or path,
    ///   a path too deep under the `refuse` policy, an id twice, an extension claimed twice,
    ///   history after the effective date).
    public func plan(_ entries: [DirectoryEntry], chart: OrgChart, nowMs: Int64) throws -> Outcome {
        let fromMs = options.effectiveMs ?? chart.clock.startOfDay(nowMs)
        var problems: [OrgImportProblem] = []
        var notes: [String] = []
        var targets: [ParticipantTarget] = []
        var keep: Set<String> = []
        var seen: [String: Int] = [:]
        for (offset, entry) in entries.enumerated() {
            let location = "entry \(offset + 1)" + (entry.dn.isEmpty ? "" : " (\(entry.dn))")
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
            if components.count > OrgPath.maxDepth {
                switch options.maxDepth {
                case .refuse:
                    problem("its OU path has \(components.count) levels; the org chart has at most \(OrgPath.maxDepth) "
                            + "(directory.max_depth: flatten or skip)")
                    continue
                case .flatten:
                    notes.append("\(location): OU path of \(components.count) levels flattened to its first \(OrgPath.maxDepth)")
                    components = Array(components.prefix(OrgPath.maxDepth))
                case .skip:
                    notes.append("\(location): OU path of \(components.count) levels, skipped (left as it is)")
                    keep.insert(entry.uniqueID)
                    continue
                }
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
            let linkValue: String?
            switch options.linkBy {
            case .uniqueID: linkValue = nil
            case .employeeID: linkValue = entry.employeeID
            case .mail: linkValue = entry.mail
            case .accountName: linkValue = entry.accountName
            }
            var target = ParticipantTarget(
                location: location, line: offset + 1, name: entry.displayName.trimmingSpaces, email: entry.mail, employeeID: entry.employeeID,
                externalID: entry.uniqueID, path: path, classifiers: [.extension: keys], fromMs: fromMs)
            target.linkValue = linkValue
            targets.append(target)
        }
        guard problems.isEmpty else { throw OrgError.importFailed(problems) }
        var planner = OrgPlanner(matching: .externalID, endMissingAtMs: fromMs)
        planner.linkBy = options.linkBy
        planner.backdating = options.effectiveMs != nil
        planner.keepExternalIDs = keep
        let plan = try planner.plan(targets, against: chart)
        let managed = try chart.participants().filter { $0.endedMs == nil && !$0.fields.externalID.isEmpty }.count
        return Outcome(plan: plan, notes: notes, managed: managed)
    }
}

extension String {
    /// The text with `/` replaced by `-`, so a directory name cannot split a path level.
    var replacingSlashes: String { String(map { $0 == "/" ? "-" : $0 }) }
}
