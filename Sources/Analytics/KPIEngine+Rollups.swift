import Query

extension KPIEngine {
    /// The buckets of `entity` from the stored roll-ups (`docs/rollups.md`), or `nil` when they may
    /// not answer: roll-ups can serve the entity, period and parameters with `settings`
    /// (``RollupKPIs/canServe(entity:fromMs:toMs:parameters:settings:)``), were built with
    /// `settings` (fingerprint), no change not yet refreshed touches the period's dependency range
    /// `[from − look-behind, to + look-ahead)`, and the principal sees every call as the roll-ups
    /// were built (``CallQuery/seesEveryCall``: unrestricted scope, no four-eyes unlock; a scoped
    /// reader always gets figures from the detail it may see). The read goes through the query layer and is audited as `kpi.read`.
    /// - Throws: the query layer's errors, ``AnalyticsError/badPeriod(fromMs:toMs:)``.
    public static func computeFromRollups(query: CallQuery, entity: KPIEntity, fromMs: Int64, toMs: Int64, bucket: BucketSize,
                                   parameters: KPIParameters, settings: RollupSettings, nowMs: Int64) throws -> [KPIBucket]? {
        guard RollupBuilder.kinds.contains(entity.kind), query.seesEveryCall,
              RollupKPIs.canServe(entity: entity, fromMs: fromMs, toMs: toMs, parameters: parameters, settings: settings) else {
            return nil
        }
        guard let rows = try rollupRows(query: query, entity: entity, fromMs: fromMs, toMs: toMs, settings: settings) else {
            return nil
        }
        return try RollupKPIs.buckets(rows: rows, entity: entity, fromMs: fromMs, toMs: toMs, bucket: bucket, parameters: parameters,
                                      nowMs: nowMs)
    }
}

extension KPIEngine {
    /// The stored roll-up rows of `entity` for the quarters of `[fromMs, toMs)` when they may be read
    /// instead of the detail: the principal sees every call, the rows were built with `settings`,
    /// no pending change touches the period's dependency range, every row is readable. `nil`
    /// otherwise (the detail answers). One read, audited as `kpi.read`.
    /// - Throws: the query layer's errors.
    public static func rollupRows(query: CallQuery, entity: KPIEntity, fromMs: Int64, toMs: Int64,
                                  settings: RollupSettings) throws -> [RollupRow]? {
        guard RollupBuilder.kinds.contains(entity.kind), query.seesEveryCall else { return nil }
        let state = try query.rollupState()
        guard state.fingerprint == settings.fingerprint,
              !state.isDirty(fromMs: fromMs - RollupBuilder.lookBehindMs, toMs: toMs + RollupBuilder.lookAheadMs(settings)),
              let records = try query.rollupRows(kind: entity.kind.rawValue, name: entity.id, fromMs: fromMs, toMs: toMs) else {
            return nil
        }
        var rows: [RollupRow] = []
        rows.reserveCapacity(records.count)
        for record in records {
            guard let row = try? RollupRow(quarterMs: record.quarterMs, entity: entity, figures: record.figures) else {
                return nil  // an unreadable row: the detail answers (verify names it)
            }
            rows.append(row)
        }
        return rows
    }

    /// The entities of `kind` that have roll-up rows, when roll-ups built with `settings` may answer
    /// for `[fromMs, toMs)` (as ``computeFromRollups(query:entity:fromMs:toMs:bucket:parameters:settings:nowMs:)``
    /// decides, but for any entity of the kind); `nil`: list them from the detail.
    /// - Throws: the query layer's errors.
    public static func rollupEntities(_ kind: KPIEntity.Kind, query: CallQuery, fromMs: Int64, toMs: Int64,
                                      settings: RollupSettings) throws -> [KPIEntity]? {
        guard RollupBuilder.kinds.contains(kind), query.seesEveryCall else { return nil }
        let state = try query.rollupState()
        guard state.fingerprint == settings.fingerprint,
              !state.isDirty(fromMs: fromMs - RollupBuilder.lookBehindMs, toMs: toMs + RollupBuilder.lookAheadMs(settings)),
              let names = try query.rollupEntityNames(kind: kind.rawValue) else { return nil }
        return names.map { KPIEntity(kind: kind, id: $0) }
    }
}
