// INTERIM (stream wt-p3): a plain-delete `shred` with the contract's signature, until wt-p2's
// real one (Sources/Store/CallShredding.swift, with data keys) is merged. The lead deletes this
// file when merging wt-p2.

/// What ``StoreTransaction/shred(callIDs:)`` did.
public struct ShredOutcome: Sendable, Equatable {
    /// Calls deleted.
    public var deletedCalls: Int
    /// Fingerprints (hex of SHA-256 of the wrapped key, first 16 bytes) of the data keys destroyed.
    public var destroyedKeyFingerprints: [String]
    /// Calls that stayed and were re-encrypted under a fresh data key.
    public var rekeyedCalls: Int

    /// Creates an outcome.
    public init(deletedCalls: Int, destroyedKeyFingerprints: [String], rekeyedCalls: Int) {
        self.deletedCalls = deletedCalls
        self.destroyedKeyFingerprints = destroyedKeyFingerprints
        self.rekeyedCalls = rekeyedCalls
    }
}

extension StoreTransaction {
    /// Deletes the given calls (and their dependent rows: rejects naming them as a conflict's
    /// stored leg lose that link and its bytes). Interim version: no encryption, so no keys.
    public func shred(callIDs: [Int64]) throws -> ShredOutcome {
        let database = try connection()
        try database.execute("PRAGMA secure_delete = ON")
        let delete = try database.prepare("DELETE FROM calls WHERE id = ?")
        let unlink = try database.prepare("UPDATE rejects SET conflict_call_id = NULL, conflict_raw = NULL WHERE conflict_call_id = ?")
        var deleted = 0
        for id in callIDs {
            delete.reset()
            delete.bind(1, id)
            try delete.run()
            deleted += database.changes
            unlink.reset()
            unlink.bind(1, id)
            try unlink.run()
        }
        return ShredOutcome(deletedCalls: deleted, destroyedKeyFingerprints: [], rekeyedCalls: 0)
    }
}

extension CallStore {
    /// Checkpoints the WAL and truncates it with `secure_delete` on (interim: wt-p2 provides the
    /// real one). See ``secureCheckpoint()``.
    public func checkpointAndTruncateWAL() throws {
        try secureCheckpoint()
    }
}
