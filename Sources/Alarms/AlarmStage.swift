import Ingest
import Store

/// The alarm stage of the ingest pipeline: in ``IngestStage/write(_:in:)`` — in the batch's
/// transaction — it notes the time window of the batch's calls in the store (`alarm_windows`), so
/// the window commits with the calls. The ``AlarmWorker`` of `tollbook serve` evaluates it through
/// the query layer moments later (the query layer reads only committed calls) and removes it.
public final class AlarmStage: IngestStage {
    /// Creates the stage.
    public init() {}

    /// `alarms`.
    public var name: String { "alarms" }

    /// Notes the window `[earliest start, latest start]` of the batch's calls.
    public func write(_ batch: IngestBatch, in context: inout IngestWrite) throws {
        let rows = batch.calls.rows
        guard let first = rows.first else { return }
        var from = first.startMs
        var to = first.startMs
        for row in rows {
            from = min(from, row.startMs)
            to = max(to, row.startMs)
        }
        try context.store.enqueueAlarmWindow(fromMs: from, toMs: to + 1)
    }
}
