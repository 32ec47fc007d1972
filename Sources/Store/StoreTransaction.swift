/// A write in progress: handed to the body of ``CallStore/write(_:)``, it is the only way to
/// change the org tables (and the way the store's own multi-statement changes group their SQL).
///
/// Valid only while the `write` that handed it out runs: used later, every method throws
/// ``StoreError/transactionEnded`` instead of writing outside a transaction.
public struct StoreTransaction {
    /// The store written to.
    let store: CallStore
    /// The outermost write this transaction belongs to.
    let generation: Int
    /// Its nesting level (1 for the outermost write).
    let level: Int

    /// The connection, after checking that the write is still open.
    func connection() throws -> SQLiteDatabase {
        guard store.writeGeneration == generation, store.writeDepth >= level else { throw StoreError.transactionEnded }
        return store.database
    }
}

extension CallStore {
    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws
    /// (the error is rethrown).
    ///
    /// **Nesting joins**: a `write` inside another `write`, or inside a batch of ``beginBatch()``,
    /// becomes a savepoint of the open transaction. When its body throws, only its own changes are
    /// undone and the error goes on to the outer code, which decides; nothing is committed until
    /// the outermost transaction commits. (The opposite order, ``beginBatch()`` inside a `write`,
    /// throws ``StoreError/batchInsideWrite``.)
    /// - Throws: what `body` throws, or ``StoreError`` when the transaction cannot begin or commit.
    @discardableResult
    public func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        let outermost = writeDepth == 0 && !isInBatch
        let savepoint = "tollbook_write_\(writeDepth + 1)"
        try database.execute(outermost ? "BEGIN IMMEDIATE" : "SAVEPOINT \(savepoint)")
        if writeDepth == 0 { writeGeneration += 1 }
        writeDepth += 1
        defer { writeDepth -= 1 }
        do {
            let result = try body(StoreTransaction(store: self, generation: writeGeneration, level: writeDepth))
            try database.execute(outermost ? "COMMIT" : "RELEASE \(savepoint)")
            if outermost { keyring?.committed() } else { keyring?.released(level: writeDepth) }
            return result
        } catch {
            keyring?.rollBack(level: outermost ? 0 : writeDepth)
            try? database.execute(outermost ? "ROLLBACK" : "ROLLBACK TO \(savepoint); RELEASE \(savepoint)")
            throw error
        }
    }

    /// Whether a ``write(_:)`` is running.
    public var isInWrite: Bool { writeDepth > 0 }
}
