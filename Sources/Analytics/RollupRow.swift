/// The last missed call of one caller at one entity in one quarter hour: what K12's per-caller
/// rate and K14's count need from a roll-up (merged over quarters by the latest start).
public struct RollupCaller: Sendable, Equatable, Hashable {
    /// The caller's number as an opaque, stable key (a keyed hash; never the number).
    public var key: Int64
    /// Start of the caller's last missed call in the quarter (the call's first seizure), UTC ms.
    public var lastStartMs: Int64
    /// Whether that call was resolved within the callback window.
    public var resolved: Bool
    /// When its callback window closes (call end + W), UTC ms: unresolved and closed by then → unreturned.
    public var limitMs: Int64

    /// Creates an entry.
    public init(key: Int64, lastStartMs: Int64, resolved: Bool, limitMs: Int64) {
        self.key = key
        self.lastStartMs = lastStartMs
        self.resolved = resolved
        self.limitMs = limitMs
    }
}

/// The additive partials of one entity in one quarter hour (`analytics-kpis.md` §4): counts and
/// sums, wait-time histograms in whole seconds (so a service level for any whole-second threshold
/// and every variant can be read back), carried seconds, the sweep-line values for peak
/// concurrency, and the callback facts. Every figure of K1–K20 for a bucket made of whole quarter
/// hours follows from the sum (and, for peaks, the maximum) of its quarters' rows.
///
/// Calls are booked at the quarter of their first alert at the entity (K1–K10, K12–K14, K20),
/// talk at the first leg touching the entity (K11), seizures at their start (K19); carried
/// seconds are clipped to each quarter an occupancy interval spans (K15–K18).
public struct RollupRow: Sendable, Equatable {
    /// The quarter hour's start, UTC ms (a multiple of 900 000).
    public var quarterMs: Int64
    /// The entity: a hunt group, trunk group (or single trunk), site, or the enterprise.
    public var entity: KPIEntity

    /// K1.
    public var offered = 0
    /// K2.
    public var answered = 0
    /// K3 (short abandons included).
    public var abandoned = 0
    /// K3s (with the roll-ups' `short_abandon_s`).
    public var shortAbandoned = 0
    /// K4.
    public var lostBusy = 0
    /// K5.
    public var overflowed = 0
    /// Σ entity-view wait of answered calls (K9).
    public var answeredWaitMs: Int64 = 0
    /// Σ caller-view wait of answered calls (K9 caller view).
    public var answeredCallerWaitMs: Int64 = 0
    /// Answered calls by wait in whole seconds rounded up (bin `s` holds waits in (s−1, s] s; bin 0
    /// holds 0): "within T" is the sum of bins 0…T.
    public var answeredWaitHistogram: [Int: Int] = [:]
    /// Abandoned calls by wait, binned like ``answeredWaitHistogram``.
    public var abandonedWaitHistogram: [Int: Int] = [:]
    /// Σ ring of the legs offered to the entity (K10).
    public var ringMs: Int64 = 0
    /// Legs offered to the entity (K10's denominator).
    public var ringLegs = 0
    /// Σ talk of the calls touching the entity (K11).
    public var talkMs: Int64 = 0
    /// Outgoing legs (seizures) touching the entity (K19).
    public var seizures = 0
    /// Of those, connected (ASR).
    public var seizuresAnswered = 0
    /// Of those, connected, busy, no answer or rejected (NER).
    public var seizuresEffective = 0
    /// Occupancy seconds clipped to the quarter, in ms (K15–K18).
    public var carriedMs: Int64 = 0
    /// Concurrent occupancy intervals at the quarter's start (carry-in of the sweep line).
    public var levelAtStart = 0
    /// The sweep line's maximum inside the quarter (K17).
    public var peakConcurrency = 0
    /// K12: missed calls with a caller number.
    public var missedCallbackable = 0
    /// K12: of those, resolved within W.
    public var missedResolved = 0
    /// For each missed callbackable call not resolved: when its window closes (UTC ms), so that
    /// "unreturned" vs "still open" is decided at read time.
    public var unresolvedLimitsMs: [Int64] = []
    /// K13: each resolved missed call's time to its answered callback, ms.
    public var callbackMs: [Int64] = []
    /// K20: answered calls followed by a repeat within the repeat window.
    public var repeated = 0
    /// K12 per caller / K14: each caller's last missed call in the quarter.
    public var callers: [RollupCaller] = []

    /// An empty row.
    public init(quarterMs: Int64, entity: KPIEntity) {
        self.quarterMs = quarterMs
        self.entity = entity
    }

    /// Whether nothing was booked in the quarter (no call, no talk, no occupancy).
    public var isEmpty: Bool {
        offered == 0 && talkMs == 0 && seizures == 0 && carriedMs == 0 && levelAtStart == 0 && peakConcurrency == 0
            && ringLegs == 0
    }
}
