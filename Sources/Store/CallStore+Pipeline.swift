import TollbookCore

/// What the ingest pipeline (`Sources/Ingest`) and the capture service need from the store beyond
/// inserting records and keeping journal positions.
extension CallStore {
    /// How many calls the store holds for the source `sourceID` (`journal replay` reports the
    /// difference before and after).
    /// - Throws: ``StoreError``.
    public func callCount(sourceID: Int64) throws -> Int {
        let statement = try database.prepare("SELECT count(*) FROM calls WHERE source_id = ?")
        statement.bind(1, sourceID)
        guard try statement.step() else { return 0 }
        return Int(statement.int64(0))
    }
}
