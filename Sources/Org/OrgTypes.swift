/// What a node of the org chart stands for.
public enum NodeType: String, Sendable, CaseIterable, Codable {
    /// A site (location), usually the top level.
    case site
    /// A cost centre.
    case costCentre = "cost_centre"
    /// A department.
    case department
    /// A team.
    case team
    /// Any other grouping.
    case group
    /// The system node "Other" (only that one).
    case other

    /// The type a node gets when none is given: site, cost centre, department by level, then team.
    /// - Parameter level: 1 for a top-level node.
    public static func defaultType(level: Int) -> NodeType {
        switch level {
        case 1: return .site
        case 2: return .costCentre
        case 3: return .department
        default: return .team
        }
    }
}

/// The kinds of classifiers that attribute a call to a participant, in order of precedence:
/// when a call carries several that are owned, the first kind of this list decides.
public enum ClassifierKind: String, Sendable, CaseIterable, Codable, Comparable {
    /// A PIN typed before a call (identifies the person wherever they call from).
    case pin
    /// An account code (project or cost code entered for a call).
    case accountCode = "account_code"
    /// An extension, keyed `<site>/<extension>` like the calls' `extension_key`.
    case `extension`
    /// A device (phone) name as the PBX reports it.
    case device

    /// Precedence rank: 0 decides first.
    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// Orders by precedence.
    public static func < (lhs: ClassifierKind, rhs: ClassifierKind) -> Bool { lhs.rank < rhs.rank }
}
