import Store

extension OrgChart {
    /// Creates classifier rows for values seen in calls that the chart does not know yet; nobody
    /// owns them, so they appear under "Other" until they are assigned.
    ///
    /// Extensions (`extension_key`), PINs and account codes are taken from every call; devices only
    /// from calls that carry none of the three (every call has a device, and the extension already
    /// names the line). Reads only calls added since the last run (by id), unless `full`.
    /// - Returns: how many classifiers were created.
    @discardableResult
    public func discoverClassifiers(nowMs: Int64, full: Bool = false) throws -> Int {
        // A write-protected store (an archive) is read as it is.
        guard !store.isReadOnly else { return 0 }
        return try store.write { transaction in try transaction.discoverClassifiers(nowMs: nowMs, full: full) }
    }

    /// Classifiers nobody owns at `atMs`, ordered by kind precedence and value: what "Other" holds.
    public func unownedClassifiers(atMs: Int64) throws -> [Classifier] {
        let owned = Set(try assignments().filter { $0.contains(atMs) }.map(\.targetID))
        return try classifiers().filter { !owned.contains($0.id) }
            .sorted { ($0.kind.rank, $0.value) < ($1.kind.rank, $1.value) }
    }
}
