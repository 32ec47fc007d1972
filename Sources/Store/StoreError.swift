/// Errors of the call store. Descriptions name the database file and SQLite's message, never
/// the values of a call.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The database file could not be opened or created.
    case cannotOpen(path: String, message: String)
    /// SQLite reported an error.
    case sqlite(code: Int32, message: String, context: String)
    /// The file was written by a newer Tollbook with a schema this one does not know.
    case schemaTooNew(path: String, found: Int, known: Int)
    /// SQLite refused to bind a value to parameter `parameter` of a statement (thrown by the
    /// statement's next step; the value itself is never part of the message).
    case bindFailed(parameter: Int32, code: Int32, message: String)
    /// A ``StoreTransaction`` was used after the ``CallStore/write(_:)`` that handed it out returned.
    case transactionEnded
    /// ``CallStore/beginBatch()`` was called inside ``CallStore/write(_:)``: a batch is the
    /// outermost transaction (open the batch first; a `write` inside it joins it).
    case batchInsideWrite

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .cannotOpen(path, message):
            return "cannot open database \(path): \(message)"
        case let .sqlite(code, message, context):
            return "database error while \(context): \(message) (SQLite code \(code))"
        case let .schemaTooNew(path, found, known):
            return "database \(path) has schema version \(found), but this tollbook knows only up to \(known); upgrade tollbook"
        case let .bindFailed(parameter, code, message):
            return "database error while binding parameter \(parameter) of a statement: \(message) (SQLite code \(code))"
        case .transactionEnded:
            return "internal error: a store transaction was used after its write block ended"
        case .batchInsideWrite:
            return "internal error: a write batch cannot begin inside a store write block"
        }
    }
}
