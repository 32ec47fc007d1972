import Analytics
import Governance
import Org
import Query
import TollbookConfiguration

/// Why the co-determination profile or the minimum group size keeps `tollbook kpi` from showing
/// an entity's KPIs (privacy P7, P8). Messages name the entity, never a person.
public enum KPIGovernanceError: Error, Equatable, CustomStringConvertible {
    /// `extension:` KPIs are one person's performance figures, the profile's `extension_kpis`
    /// switch is off and no four-eyes unlock of the reader covers the extension's owners and the period.
    case personLevelRefused(entity: String)
    /// A configured hunt group has fewer member extensions than the minimum group size.
    case groupBelowMinimum(entity: String, members: Int, minimum: Int)

    /// The message shown to the operator.
    public var description: String {
        switch self {
        case let .personLevelRefused(entity):
            return "the KPIs of \(entity) are one person's performance figures: extension_kpis is disabled by the "
                + "co-determination profile (privacy.profile.extension_kpis) and no four-eyes unlock of yours covers "
                + "the extension's owner for the whole period"
        case let .groupBelowMinimum(entity, members, minimum):
            return "the KPIs of \(entity) are withheld: the group has \(members) configured member"
                + (members == 1 ? "" : "s") + ", fewer than the minimum group size \(minimum) (privacy.min_group_size)"
        }
    }
}

/// The one check of the co-determination profile (P8) and the minimum group size (P7) before KPIs
/// of a hunt group or an extension are computed; org nodes are checked by ``KPIEngine`` itself.
public enum KPIGovernance {
    /// Refuses `entity` for `[fromMs, toMs)` when the profile or the group size says so.
    ///
    /// - `group:` needs `hunt_group_kpis`; when a profile governs, a group configured with members
    ///   (`analytics.hunt_groups[].members`) needs at least k distinct members. Groups only the PBX
    ///   names (no configured member list) are not checked: their size is unknown.
    /// - `extension:` is one person: without `extension_kpis` it is refused unless the reader holds
    ///   an approved four-eyes unlock (P9) for every participant the extension was assigned to
    ///   during the period, each covering the part of the period they held it. An extension nobody
    ///   held in the period is refused too (there is nobody an unlock could name).
    /// - Throws: ``ReportsError/disabledByProfile(_:)``, ``KPIGovernanceError``.
    public static func check(_ entity: KPIEntity, fromMs: Int64, toMs: Int64, parameters: KPIParameters,
                             settings: GovernanceSettings, query: CallQuery) throws {
        switch entity.kind {
        case .group:
            try CostReporting.require(.huntGroupKPIs, in: settings)
            guard settings.isGoverned,
                  let group = parameters.huntGroups.first(where: { $0.name == entity.id }), !group.members.isEmpty else { return }
            let members = Set(group.members).count
            if members < settings.minimumGroupSize {
                throw KPIGovernanceError.groupBelowMinimum(entity: entity.description, members: members,
                                                           minimum: settings.minimumGroupSize)
            }
        case .extension:
            guard !settings.isEnabled(.extensionKPIs) else { return }
            guard try unlockCovers(extension: entity.id, fromMs: fromMs, toMs: toMs, query: query) else {
                throw KPIGovernanceError.personLevelRefused(entity: entity.description)
            }
        default:
            return
        }
    }

    /// Whether the reader's unlocks cover every owner of `number` (any site's `<site>/<number>`)
    /// during `[fromMs, toMs)`, and there was at least one.
    static func unlockCovers(extension number: String, fromMs: Int64, toMs: Int64, query: CallQuery) throws -> Bool {
        let grants = query.grants.grants
        guard !grants.isEmpty else { return false }
        let chart = query.chart
        let classifiers = try chart.classifiers().filter {
            $0.kind == .extension && ($0.value == number || $0.value.hasSuffix("/" + number))
        }
        var owners = 0
        for classifier in classifiers {
            for period in try chart.assignments(ofClassifier: classifier.id) where period.overlaps(from: fromMs, to: toMs) {
                owners += 1
                let start = max(fromMs, period.fromMs)
                let end = min(toMs, period.toMs ?? toMs)
                let covered = grants.contains {
                    $0.subjectParticipantID == period.participantID && $0.fromMs <= start && end <= $0.toMs
                }
                if !covered { return false }
            }
        }
        return owners > 0
    }
}
