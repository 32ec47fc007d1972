import Ingest
import Store

/// The state of one ingest pass over the journal.
struct IngestRun {
    let store: CallStore
    let sourceID: Int64
    /// The first entry not read yet.
    var nextSeq: UInt64
    /// Streams open at the last commit whose first entry has not been read again yet.
    var restored: [UInt64: IngestStreamState]
    /// The stages every record passes (pricing, storing, …).
    let pipeline: IngestPipeline
    /// The streams being read.
    var open: [UInt64: IngestStream] = [:]
    /// Whether anything waits for a commit.
    var dirty = false
    /// Store writes waiting for the next commit, in order (applied in one short transaction).
    var pending: [(CallStore) throws -> Void] = []
    /// Records and rejects written since the last commit.
    var uncommittedRecords = 0
    /// Whether streams left open by an earlier process have been closed.
    var closedAbandoned = false
}

/// A parser that restarts worker processes counts the restarts.
public protocol WorkerRestartCounting {
    /// Restarts so far.
    var workerRestarts: Int { get }
}
