import Access
import Foundation
import Query
import Store

// Lists every call through the query layer as JSON lines on standard output, as a principal with
// `calls.read_scope` over the given org nodes (`bench/read_bench.py` times it beside
// `sqlite3 -json` and `tollbook calls`). Usage: ReadBench DB NODE_ID[,NODE_ID…]
//
// Prints the row count on standard error. Not a test: a benchmark helper without `--as` (users and
// their scopes are the access module's).

/// Records nothing: the benchmark principal's exports are not audited.
struct NoAudit: AuditRecording {
    func record(_ event: AuditEvent) throws {}
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: ReadBench DB NODE_ID[,NODE_ID…]\n".utf8))
    exit(2)
}
let nodes = Set(arguments[2].split(separator: ",").compactMap { Int64($0) })
let principal = Principal(kind: .user, userName: "bench", userID: 1, permissions: [.callsReadScope],
                          scope: .subtrees(nodes), participantID: nil)
do {
    let query = try CallQuery(path: arguments[1], principal: principal, audit: NoAudit())
    let rows = try query.writeCalls(CallRequest(), format: .jsonl, to: ByteOutput(.fileDescriptor(STDOUT_FILENO)))
    FileHandle.standardError.write(Data("\(rows) rows\n".utf8))
} catch {
    FileHandle.standardError.write(Data("ReadBench: \(error)\n".utf8))
    exit(1)
}
