/// Counts of one import.
public struct ImportCounts: Sendable, Equatable {
    /// Records stored.
    public var imported = 0
    /// Records already in the store.
    public var duplicates = 0
    /// Spans quarantined (or already quarantined) as rejects.
    public var rejected = 0
    /// Spans skipped (headers, blank lines, record kinds without calls).
    public var skipped = 0
    /// Records quarantined because the plugin broke the contract or its worker failed
    /// (``RejectReason/isPluginFault``); not counted in ``rejected``.
    public var pluginViolations = 0
    /// Records that differ from a record the store already has under the same key; quarantined
    /// with both versions, not counted in ``rejected`` or ``duplicates``.
    public var conflicts = 0

    /// Creates zero counts.
    public init() {}

    /// Adds `other`'s counts to these (totals over several files).
    public mutating func add(_ other: ImportCounts) {
        imported += other.imported
        duplicates += other.duplicates
        rejected += other.rejected
        skipped += other.skipped
        pluginViolations += other.pluginViolations
        conflicts += other.conflicts
    }

    /// Creates counts.
    public init(imported: Int, duplicates: Int, rejected: Int, skipped: Int) {
        self.imported = imported
        self.duplicates = duplicates
        self.rejected = rejected
        self.skipped = skipped
    }
}
