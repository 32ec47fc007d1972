extension QueryConnection {
    /// The ids of the protected calls (``StoredCall/protectedClass`` set) starting in
    /// `[fromMs, toMs)` (`nil`: unbounded) — what per-person statistics leave out (P4).
    public func protectedCallIDs(fromMs: Int64?, toMs: Int64?) throws -> Set<Int64> {
        let statement = try prepare("""
            SELECT id FROM calls WHERE protected_class IS NOT NULL AND start_ms >= ?1 AND start_ms < ?2
            """)
        statement.bind(1, fromMs ?? .min)
        statement.bind(2, toMs ?? .max)
        var ids = Set<Int64>()
        while try statement.step() { ids.insert(statement.int64(0)) }
        return ids
    }
}
