/// One call to rate.
public struct RatingRequest: Sendable, Hashable {
    /// The destination in E.164 (`+4930…`) or a short code (`110`).
    public var destination: String
    /// The numbering module's category: `local`, `national`, `mobile`, `international`, `special`,
    /// `emergency`, `premium`, `internal` or `unknown`. `internal` calls are not billable; `local`
    /// selects the local provider of a preselection setup.
    public var category: String
    /// The recognised call-by-call access code (e.g. `01077`), if the caller dialled one.
    public var callByCallPrefix: String?
    /// Call start (answer time for answered calls) in UTC milliseconds since 1970.
    public var startUTC: Int64
    /// Talk time in milliseconds; started seconds are billed (30.1 s → 31 s).
    public var talkDurationMs: Int64
    /// Whether the call was answered.
    public var answered: Bool

    /// Creates a request.
    public init(destination: String, category: String, callByCallPrefix: String? = nil, startUTC: Int64,
                talkDurationMs: Int64, answered: Bool = true) {
        self.destination = destination
        self.category = category
        self.callByCallPrefix = callByCallPrefix
        self.startUTC = startUTC
        self.talkDurationMs = talkDurationMs
        self.answered = answered
    }
}
