import Ingest
import Store

/// The roll-up stage of the ingest pipeline (`docs/rollups.md`): in ``IngestStage/write(_:in:)`` —
/// in the batch's transaction — it notes `[earliest start, latest end]` of the batch's calls as
/// changed detail (one INSERT per batch), so the mark commits with the calls. The refresh at the end
/// of `tollbook import` / `journal replay`, or serve's ``RollupWorker``, rebuilds the quarters it
/// touches. With a ``RollupFollower`` beside the import, the stage also stores the follower's
/// finished round in the same transaction.
public final class RollupDirtyStage: IngestStage {
    private let follower: RollupFollower?

    /// Creates the stage; `follower` hands it rounds to store.
    public init(follower: RollupFollower? = nil) {
        self.follower = follower
    }

    /// `rollups`.
    public var name: String { "rollups" }

    /// Notes the batch's time range.
    public func write(_ batch: IngestBatch, in context: inout IngestWrite) throws {
        if let follower {
            // Stored in a savepoint: a round that cannot be stored is rolled back alone and the batch's
            // calls are stored all the same; its changes stay pending for the refresh at the end.
            do {
                try follower.storePendingRound(into: context.store)
            } catch {
                follower.stopAfterFailure()
            }
        }
        let rows = batch.calls.rows
        guard let first = rows.first else { return }
        var from = first.startMs
        var to = max(first.endMs, first.startMs)
        for row in rows {
            from = min(from, row.startMs)
            to = max(to, row.endMs, row.startMs)
        }
        try context.store.markRollupsDirty(fromMs: from, toMs: to + 1)
    }
}
