import Pricing
import Store
import TollbookCore

/// The records of one batch on their way to the store: the calls one parser chunk (a piece of
/// a file, of a journal stream) produced, its rejects and how many spans it skipped.
public struct IngestBatch: Sendable {
    /// The calls, prepared for the store (priced once the pricing stage ran).
    public var calls: CallBatch
    /// Input quarantined as rejects, with its raw bytes.
    public var rejects: [QuarantinedInput]
    /// Spans the parser skipped (headers, blank lines, record kinds without calls).
    public var skipped: Int
    /// For an encrypted store: the calls' sealing, prepared off the writing thread by
    /// ``StoringStage/prepare(_:)`` (`nil`: the store prepares it while inserting).
    public var seals: PreparedSeals?

    /// Creates a batch.
    public init(calls: CallBatch, rejects: [QuarantinedInput], skipped: Int) {
        self.calls = calls
        self.rejects = rejects
        self.skipped = skipped
    }

    /// Whether there is nothing to store (skipped spans are only counted).
    public var isEmpty: Bool { calls.isEmpty && rejects.isEmpty }
}

/// One step every record passes on its way into the store — the same for `tollbook import`,
/// `tollbook serve`, `journal replay` (see ``IngestPipeline``).
///
/// A stage has three hooks, all optional:
/// - ``prepare(_:)`` acts on a batch before any transaction is open (on the import's parsing
///   thread, on a capture instance's ingest thread): normalise, price, drop, mask. It must not
///   touch the store.
/// - ``write(_:in:)`` acts inside the store's write transaction, after the stages before it:
///   store the records, keep roll-ups, raise alarms. What it writes commits or rolls back with
///   the records.
/// - ``repriced(_:in:)`` acts on the calls a re-rating (`tollbook rerate`) priced anew, inside its
///   transaction, page by page.
///
/// The pipeline calls `prepare` of all stages in order, later (possibly on another thread, never
/// concurrently with `prepare`) `write` of all stages in order. A stage is made per import or per
/// capture instance, so it may keep state between batches.
///
/// To add a stage (a feature acting on every ingested record): write a class conforming to
/// `IngestStage`, implement the hook(s) it needs, and insert it in ``IngestPipeline/standard(pricer:extraStages:)``'s
/// list at the place its order requires — before ``StoringStage`` to change what is stored, after
/// it to act on what was stored (``IngestWrite/lastInsert`` says which calls were new). See
/// `docs/ingest.md`.
public protocol IngestStage: AnyObject {
    /// A short name for logs and errors.
    var name: String { get }
    /// Changes a batch before it is stored; no store access. The default does nothing.
    func prepare(_ batch: inout IngestBatch) throws
    /// Acts on a batch inside the open write transaction. The default does nothing.
    func write(_ batch: IngestBatch, in context: inout IngestWrite) throws
    /// Acts on stored calls whose price a re-rating changed, inside the re-rating's transaction
    /// (roll-ups of costs follow the new prices here). The default does nothing.
    func repriced(_ calls: [RepricedCall], in store: CallStore) throws
}

extension IngestStage {
    /// Does nothing.
    public func prepare(_ batch: inout IngestBatch) throws {}
    /// Does nothing.
    public func write(_ batch: IngestBatch, in context: inout IngestWrite) throws {}
    /// Does nothing.
    public func repriced(_ calls: [RepricedCall], in store: CallStore) throws {}
}

/// A stored call whose pricing a re-rating replaced: what ``IngestStage/repriced(_:in:)`` gets.
public struct RepricedCall: Sendable, Equatable {
    /// The call as it was stored before (with its old pricing).
    public var before: StoredCall
    /// The new pricing, as now stored.
    public var pricing: CallPricing

    /// Creates a re-priced call.
    public init(before: StoredCall, pricing: CallPricing) {
        self.before = before
        self.pricing = pricing
    }
}

/// How a source names the bytes of a record that conflicts with a stored record: what
/// ``StoringStage`` quarantines instead of the record, and the stored record's bytes if known.
public typealias ConflictDescriber = (_ store: CallStore, _ conflict: CallStore.Conflict, _ row: CallBatch.Row) throws
    -> (reject: QuarantinedInput, storedBytes: [UInt8]?)

/// What the ``IngestStage/write(_:in:)`` hooks get: the store in its open transaction, where the
/// records come from, and the counts of the file or stream so far.
public struct IngestWrite {
    /// How rejects are counted in ``counts``.
    public enum RejectCounting: Sendable {
        /// Plugin faults (``RejectReason/isPluginFault``) in ``ImportCounts/pluginViolations``,
        /// the others in ``ImportCounts/rejected`` (`tollbook import`).
        case pluginFaultsApart
        /// Every reject in ``ImportCounts/rejected`` (the capture service's import log).
        case allRejected
    }

    /// The store; a write transaction is open.
    public let store: CallStore
    /// The source (PBX, connector instance) of the records.
    public let sourceID: Int64
    /// The import-log row of the file or stream.
    public let importID: Int64?
    /// The key rejects are stored under (provisional until the file's or stream's hash is known).
    public let rejectKey: String
    /// The file or stream name rejects are stored with.
    public let origin: String
    /// The time stamped on what is written (UTC ms).
    public let nowMs: Int64
    /// How rejects are counted.
    public let rejectCounting: RejectCounting
    /// How a conflicting record is quarantined.
    public let describeConflict: ConflictDescriber
    /// The counts of the file or stream; stages add to them.
    public var counts: ImportCounts
    /// What the store did with the batch's calls (set by ``StoringStage``).
    public var lastInsert: (inserted: Int, duplicates: Int, conflicts: [CallStore.Conflict])?

    /// Creates the context of one batch's write.
    public init(store: CallStore, sourceID: Int64, importID: Int64?, rejectKey: String, origin: String, nowMs: Int64,
                rejectCounting: RejectCounting, counts: ImportCounts, describeConflict: @escaping ConflictDescriber) {
        self.store = store
        self.sourceID = sourceID
        self.importID = importID
        self.rejectKey = rejectKey
        self.origin = origin
        self.nowMs = nowMs
        self.rejectCounting = rejectCounting
        self.counts = counts
        self.describeConflict = describeConflict
    }
}

/// Normalises the numbers of every call and prices it with the site's numbering plan and
/// tariffs (``PricingSession``), in ``IngestStage/prepare(_:)``.
public final class PricingStage: IngestStage {
    private let session: PricingSession

    /// A stage pricing with `pricer`.
    public init(pricer: CallPricer) {
        session = PricingSession(pricer: pricer)
    }

    /// `pricing`.
    public var name: String { "pricing" }

    /// Prices the batch's calls.
    public func prepare(_ batch: inout IngestBatch) throws {
        if !batch.calls.isEmpty { session.price(&batch.calls) }
    }
}

/// Stores the calls (unique per source, vendor record id and start), quarantines a call that
/// differs from the stored one under its key, and stores the rejects — in ``IngestStage/write(_:in:)``.
public final class StoringStage: IngestStage {
    private let sealing: SealPreparer?

    /// Creates the stage; `sealing` (``CallStore/sealPreparer()``) prepares an encrypted store's
    /// sealing in ``prepare(_:)``, on the thread that parses.
    public init(sealing: SealPreparer? = nil) {
        self.sealing = sealing
    }

    /// `storing`.
    public var name: String { "storing" }

    /// Packs and blind-indexes the calls for an encrypted store (the last stage: the rows are final).
    public func prepare(_ batch: inout IngestBatch) throws {
        guard let sealing, !batch.calls.isEmpty else { return }
        batch.seals = try sealing.prepare(batch.calls)
    }

    /// Inserts the batch's calls and rejects and counts them.
    public func write(_ batch: IngestBatch, in context: inout IngestWrite) throws {
        let store = context.store
        if !batch.calls.isEmpty {
            let result = try store.insert(batch.calls, sourceID: context.sourceID, importID: context.importID,
                                          ratedMs: context.nowMs, seals: batch.seals)
            context.lastInsert = result
            context.counts.imported += result.inserted
            context.counts.duplicates += result.duplicates
            // A different record under a stored record's key: quarantined, never dropped silently.
            for conflict in result.conflicts {
                let (reject, storedBytes) = try context.describeConflict(store, conflict, batch.calls.rows[conflict.row])
                _ = try store.insert(reject, sourceID: context.sourceID, importID: context.importID,
                                     fileSHA256: context.rejectKey, fileName: context.origin, nowMs: context.nowMs,
                                     conflictCallID: conflict.storedCallID, conflictRaw: storedBytes)
                context.counts.conflicts += 1
            }
        }
        for reject in batch.rejects {
            _ = try store.insert(reject, sourceID: context.sourceID, importID: context.importID,
                                 fileSHA256: context.rejectKey, fileName: context.origin, nowMs: context.nowMs)
            if context.rejectCounting == .pluginFaultsApart, reject.reason.isPluginFault {
                context.counts.pluginViolations += 1
            } else {
                context.counts.rejected += 1
            }
        }
    }
}

/// The one way records reach the store: an explicit, ordered list of ``IngestStage``s.
///
/// Today the list is `[pricing (when the source belongs to a site), storing]`; a feature that acts
/// on every ingested record (delete-at-ingest, protected numbers, roll-ups, fraud alarms) adds its
/// stage to ``standard(pricer:extraStages:)`` once and applies to `tollbook import`, `serve` and
/// `journal replay` alike.
public final class IngestPipeline {
    /// The stages, in the order they run.
    public let stages: [any IngestStage]

    /// A pipeline of `stages`, run in this order.
    public init(stages: [any IngestStage]) {
        self.stages = stages
    }

    /// The standard pipeline: with `privacy`, categories (the site's rules, from `pricer`'s site);
    /// pricing (when `pricer` is given); with `privacy`, protected numbers and delete-at-ingest;
    /// then `extraStages`, then storing. `import`, `serve` and `journal replay` always pass
    /// `privacy` (the configuration's policy or the standard one); without it (tools, tests of
    /// other stages) nothing is categorised, protected or deleted.
    public static func standard(pricer: CallPricer?, privacy: PrivacyIngest? = nil,
                                extraStages: [any IngestStage] = [], sealing: SealPreparer? = nil) -> IngestPipeline {
        var stages: [any IngestStage] = []
        if var privacy {
            if let pricer { privacy.categories = pricer.site.categories }
            stages.append(CategoryStage(rules: privacy.categories))
            if let pricer { stages.append(PricingStage(pricer: pricer)) }
            stages.append(PrivacyStage(settings: privacy))
        } else if let pricer {
            stages.append(PricingStage(pricer: pricer))
        }
        stages += extraStages
        stages.append(StoringStage(sealing: sealing))
        return IngestPipeline(stages: stages)
    }

    /// The stages' names in order (for logs and tests).
    public var stageNames: [String] { stages.map(\.name) }

    /// Runs every stage's ``IngestStage/prepare(_:)`` on `batch`, in order.
    public func prepare(_ batch: inout IngestBatch) throws {
        for stage in stages { try stage.prepare(&batch) }
    }

    /// Runs every stage's ``IngestStage/write(_:in:)`` on `batch`, in order (a transaction is open).
    public func write(_ batch: IngestBatch, in context: inout IngestWrite) throws {
        for stage in stages { try stage.write(batch, in: &context) }
    }
}
