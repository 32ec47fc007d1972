import Query

extension KPIEngine {
    /// The buckets of `entity` from the stored roll-ups (`docs/rollups.md`), or `nil` when they may
    /// not answer: roll-ups can serve the entity, period and parameters with `settings`
    /// (``RollupKPIs/canServe(entity:fromMs:toMs:parameters:settings:)``), were built with
    /// `settings` (fingerprint), no change not yet refreshed touches the period's dependency range
    /// `[from − look-behind, to + look-ahead)`, and the principal sees every call as the roll-ups
    /// were built (``CallQuery/seesEveryCall``: unrestricted scope, no four-eyes unlock; a scoped
    /// reader always gets figures from the detail it may see). The read goes through the query layer and is audited as `kpi.read`.
    static func computeFromRollups(query: CallQuery, entity: KPIEntity, fromMs: Int64, toMs: Int64, bucket: BucketSize,
                                   parameters: KPIParameters, settings: RollupSettings, nowMs: Int64) throws -> [KPIBucket]? {
        guard RollupBuilder.kinds.contains(entity.kind), query.seesEveryCall,
              RollupKPIs.canServe(entity: entity, fromMs: fromMs, toMs: toMs, parameters: parameters, settings: settings) else {
            return nil
        }
        let state = try query.rollupState()
        guard state.fingerprint == settings.fingerprint,
              !state.isDirty(fromMs: fromMs - RollupBuilder.lookBehindMs, toMs: toMs + RollupBuilder.lookAheadMs(settings)) else {
            return nil
        }
        guard let records = try query.rollupRows(kind: entity.kind.rawValue, name: entity.id, fromMs: fromMs, toMs: toMs) else {
            return nil
        }
        var rows: [RollupRow] = []
        rows.reserveCapacity(records.count)
        for record in records {
            do {
                rows.append(try RollupRow(quarterMs: record.quarterMs, entity: entity, figures: record.figures))
            } catch {
                return nil  // an unreadable row: the detail answers (verify names it)
            }
        }
        return try RollupKPIs.buckets(rows: rows, entity: entity, fromMs: fromMs, toMs: toMs, bucket: bucket, parameters: parameters,
                                      nowMs: nowMs)
    }
}
