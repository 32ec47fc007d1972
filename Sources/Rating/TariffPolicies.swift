/// How a call crossing a band boundary is priced.
public enum BandSplit: String, Sendable, Hashable {
    /// Each increment is priced at the band in force at the increment's start (default).
    case increment
    /// The whole call is priced at the band in force at the call's start.
    case start
}

/// What the tariff does with unanswered calls.
public enum UnansweredPolicy: String, Sendable, Hashable {
    /// Unanswered calls are not billable (default): outcome ``RatingOutcome/notBillable(_:)``.
    case notBillable = "not_billable"
    /// Unanswered calls are charged the setup fee of the rate at call start (billed time 0).
    case setupFee = "setup_fee"
}
