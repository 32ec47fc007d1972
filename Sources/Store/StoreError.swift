/// Errors of the call store. Descriptions name the database file and SQLite's message, never
/// the values of a call.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The database file could not be opened or created.
    case cannotOpen(path: String, message: String)
    /// SQLite reported an error.
    case sqlite(code: Int32, message: String, context: String)
    /// The file was written by a newer Tollbook with a schema this one does not know.
    case schemaTooNew(path: String, found: Int, known: Int)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .cannotOpen(path, message):
            return "cannot open database \(path): \(message)"
        case let .sqlite(code, message, context):
            return "database error while \(context): \(message) (SQLite code \(code))"
        case let .schemaTooNew(path, found, known):
            return "database \(path) has schema version \(found), but this tollbook knows only up to \(known); upgrade tollbook"
        }
    }
}
