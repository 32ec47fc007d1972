/// The result of rating one call.
public enum RatingOutcome: Sendable, Hashable {
    /// The call was priced.
    case rated(RatedCall)
    /// The call could not be priced; never silently 0.
    case unrated(UnratedReason)
    /// The call is not billable at all (internal, unanswered).
    case notBillable(NotBillableReason)

    /// The rated call, if any.
    public var ratedCall: RatedCall? {
        if case .rated(let call) = self { return call }
        return nil
    }
}

/// Why a call is not billable.
public enum NotBillableReason: Sendable, Hashable, CustomStringConvertible {
    /// An internal call (extension to extension).
    case internalCall
    /// Not answered or no talk time, and the tariff does not charge such calls.
    case notAnswered

    /// Text for reports.
    public var description: String {
        switch self {
        case .internalCall: return "internal call"
        case .notAnswered: return "not answered (no talk time)"
        }
    }
}
