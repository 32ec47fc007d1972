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
        guard !database.isReadOnly else { return 0 }
        let last = full ? 0 : (try database.scalarInt("SELECT last_call_id FROM org_discovery WHERE id = 1") ?? 0)
        let newest = try database.scalarInt("SELECT max(id) FROM calls") ?? 0
        guard newest > last else { return 0 }
        let insert = try database.prepare("""
            INSERT INTO classifiers(kind, value, created_ms)
            SELECT kind, value, ?3 FROM (
                SELECT 'extension' AS kind, extension_key AS value FROM calls WHERE id > ?1 AND id <= ?2 AND extension_key <> ''
                UNION SELECT 'pin', pin FROM calls WHERE id > ?1 AND id <= ?2 AND pin <> ''
                UNION SELECT 'account_code', account_code FROM calls WHERE id > ?1 AND id <= ?2 AND account_code <> ''
                UNION SELECT 'device', device FROM calls WHERE id > ?1 AND id <= ?2 AND device <> ''
                    AND ifnull(extension_key, '') = '' AND ifnull(pin, '') = '' AND ifnull(account_code, '') = ''
            ) WHERE true
            ON CONFLICT(kind, value) DO NOTHING
            """)
        insert.bind(1, last)
        insert.bind(2, newest)
        insert.bind(3, nowMs)
        try insert.run()
        let created = database.changes
        let update = try database.prepare("UPDATE org_discovery SET last_call_id = ? WHERE id = 1")
        update.bind(1, newest)
        try update.run()
        return created
    }

    /// Classifiers nobody owns at `atMs`, ordered by kind precedence and value: what "Other" holds.
    public func unownedClassifiers(atMs: Int64) throws -> [Classifier] {
        let owned = Set(try assignments().filter { $0.contains(atMs) }.map(\.targetID))
        return try classifiers().filter { !owned.contains($0.id) }
            .sorted { ($0.kind.rank, $0.value) < ($1.kind.rank, $1.value) }
    }
}
