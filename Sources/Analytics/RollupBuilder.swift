/// Builds roll-up rows (``RollupRow``) from call legs: the same per-call facts as ``KPIEngine``,
/// summed per quarter hour and entity instead of per requested bucket.
public enum RollupBuilder {
    /// A quarter hour, ms.
    public static let quarterMs: Int64 = 900_000
    /// The entity kinds that are rolled up. Extensions (person-level figures, under privacy
    /// packages and erasure) and org nodes (allocation follows the org chart at read time) are
    /// always computed from the detail.
    public static let kinds: Set<KPIEntity.Kind> = [.group, .trunk, .site, .enterprise]

    /// How far before a range the detail the rows depend on starts (calls begun earlier that
    /// still occupy it; legs of one call).
    public static let lookBehindMs: Int64 = KPIEngine.lookBackMs

    /// How far after a range the detail the rows depend on reaches: callbacks within W, repeats
    /// within the repeat window, plus a day for the calls' other legs.
    public static func lookAheadMs(_ settings: RollupSettings) -> Int64 {
        let all = [settings.defaults] + Array(settings.own.values)
        return all.map { max($0.callbackWindowMs, $0.repeatWindowMs) }.max().map { $0 + KPIEngine.lookBackMs }
            ?? KPIEngine.lookBackMs
    }

    /// The start of the quarter hour containing `ms` (UTC).
    public static func quarter(containing ms: Int64) -> Int64 {
        KPIBuckets.floorDiv(ms, quarterMs) * quarterMs
    }

    /// The rows of every rolled-up entity with something booked in the quarters of
    /// `[fromMs, toMs)` (both multiples of ``quarterMs``), from `legs`, which must hold every leg
    /// starting in `[fromMs − lookBehindMs, toMs + lookAheadMs)` (other legs are ignored). Legs'
    /// `remoteKey`s must be stable keys of the real number (they end up in ``RollupCaller/key``).
    /// Rows come sorted by quarter, then entity.
    public static func rows(legs: [KPILeg], fromMs: Int64, toMs: Int64, settings: RollupSettings) -> [RollupRow] {
        []
    }
}

/// Reads KPIs (``KPIBucket``) back from roll-up rows: identical to ``KPIEngine`` on the detail
/// when ``canServe(entity:fromMs:toMs:parameters:settings:)`` holds.
public enum RollupKPIs {
    /// Whether roll-ups built with `settings` can answer `entity` for `[fromMs, toMs)` with
    /// `parameters`: a rolled-up kind, quarter-aligned bounds, a whole-second threshold, and the
    /// baked parameters (short abandon, minimum talk, windows) equal to `parameters`'.
    public static func canServe(entity: KPIEntity, fromMs: Int64, toMs: Int64, parameters: KPIParameters,
                                settings: RollupSettings) -> Bool {
        false
    }

    /// The buckets of `entity` for `[fromMs, toMs)` from its rows (other entities' rows and rows
    /// outside the period are ignored); `nowMs` decides whether an unresolved missed call's
    /// window is closed (unreturned) or still open. Same output as ``KPIEngine/compute(legs:entity:fromMs:toMs:bucket:parameters:nowMs:)``.
    /// - Throws: ``AnalyticsError/badPeriod(fromMs:toMs:)``.
    public static func buckets(rows: [RollupRow], entity: KPIEntity, fromMs: Int64, toMs: Int64, bucket: BucketSize,
                               parameters: KPIParameters, nowMs: Int64) throws -> [KPIBucket] {
        guard toMs > fromMs else { throw AnalyticsError.badPeriod(fromMs: fromMs, toMs: toMs) }
        return []
    }
}
