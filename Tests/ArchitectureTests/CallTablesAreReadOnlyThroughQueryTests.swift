import Foundation
import TestSupport
import XCTest

/// Finds reads of the call tables outside the query layer: SQL naming `calls`, `rejects` or
/// `call_allocations` outside `Sources/Store`, and calls of the store's call-reading API outside
/// `Sources/Query`. Issue 16 §3: nothing else in the code base reads the call tables for users.
struct CallTableScanner {
    /// SQL that reads or writes a call table (the store's SQL is upper case).
    static let sql = try! NSRegularExpression(pattern: #"\b(FROM|JOIN|INTO|UPDATE)\s+(calls|rejects|call_allocations)\b"#)
    /// The store's call-reading API (and the query connection, which only the query layer opens).
    static let readers = try! NSRegularExpression(pattern: #"\.(forEachCall|forEachReject|forEachAllocatedCall)\s*\(|\b(CallRowCursor|QueryConnection)\s*\("#)

    /// Folders scanned, relative to the package root.
    static let scannedFolders = ["Sources", "benchmarks"]

    /// Files (or folders, ending in `/`) outside Store and Query that may still touch the call
    /// tables, because they are not reads for users. Every entry says why.
    static let allowList: [String: String] = [
        // Re-rating pages through stored calls to price them again: ingest side, no user sees rows.
        "Sources/tollbook/RerateCommand.swift": "re-rating (ingest side); moves to Sources/Ingest",
        // The one ingest pipeline (stream wt-17a): re-rating and journal replay counting stored rows.
        "Sources/Ingest/": "ingest pipeline: re-rating and replay (write side)",
        // The store benchmark times the store's own reader on a generated file: no user, no personal data.
        "benchmarks/StoreBench/main.swift": "store throughput benchmark on generated rows",
        // Journal replay counts a source's rows before and after, for its summary line.
        "Sources/Capture/JournalReplay.swift": "journal replay counts rows (ingest side); moves to Sources/Ingest",
        // Classifier discovery reads the classifier columns of new calls to fill the classifiers table.
        "Sources/Org/OrgChart+Discovery.swift": "classifier discovery: chart maintenance, no rows leave the store",
        // The allocation reader itself (SQL over the view); only Sources/Query calls it.
        "Sources/Org/OrgAllocation.swift": "defines forEachAllocatedCall, which only Sources/Query calls",
    ]

    /// Violations under `root` as `path:line: what`.
    static func violations(root: URL) throws -> [String] {
        var found: [String] = []
        for folder in scannedFolders {
            let base = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                let relative = String(file.path.dropFirst(root.path.count + 1))
                if allowList.keys.contains(where: { $0.hasSuffix("/") ? relative.hasPrefix($0) : relative == $0 }) { continue }
                let text = try String(contentsOf: file, encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let line = String(line)
                    let range = NSRange(line.startIndex..., in: line)
                    if !relative.hasPrefix("Sources/Store/"), sql.firstMatch(in: line, range: range) != nil {
                        found.append("\(relative):\(number + 1): SQL on a call table outside Sources/Store")
                    }
                    if !relative.hasPrefix("Sources/Store/"), !relative.hasPrefix("Sources/Query/"),
                       readers.firstMatch(in: line, range: range) != nil {
                        found.append("\(relative):\(number + 1): the store's call reader outside Sources/Query")
                    }
                }
            }
        }
        return found.sorted()
    }
}

final class CallTablesAreReadOnlyThroughQueryTests: XCTestCase {
    func testOnlyStoreAndQueryReadTheCallTables() throws {
        XCTAssertEqual(try CallTableScanner.violations(root: TestEnvironment.packageRoot), [])
    }

    func testAPlantedViolationIsFound() throws {
        let root = try TestEnvironment.makeTemporaryDirectory("tollbook-architecture")
        defer { try? FileManager.default.removeItem(at: root) }
        func plant(_ path: String, _ text: String) throws {
            let file = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        try plant("Sources/Web/CallsHandler.swift", """
            import Store
            func handle(store: CallStore) throws {
                try store.forEachCall(CallFilter()) { _ in }
                let rows = try store.database.prepare("SELECT id FROM calls WHERE pin = ?")
                _ = rows
            }
            """)
        try plant("Sources/Reports/Sneaky.swift", "let sql = \"SELECT r.raw FROM rejects r JOIN calls c ON c.id = r.conflict_call_id\"\n")
        try plant("benchmarks/Peek/main.swift", "try chart.forEachAllocatedCall(fromMs: nil, toMs: nil) { _ in }\n")
        // Allowed: the store, the query layer, and the listed ingest-side readers.
        try plant("Sources/Store/Reader.swift", "let sql = \"SELECT * FROM calls\"\n")
        try plant("Sources/Query/Listing.swift", "try store.forEachCall(CallFilter()) { _ in }\n")
        try plant("Sources/tollbook/RerateCommand.swift", "try store.forEachCall(filter) { _ in }\n")
        try plant("Sources/Ingest/Rerating.swift", "try store.forEachCall(filter) { _ in }\n")
        XCTAssertEqual(try CallTableScanner.violations(root: root), [
            "Sources/Reports/Sneaky.swift:1: SQL on a call table outside Sources/Store",
            "Sources/Web/CallsHandler.swift:3: the store's call reader outside Sources/Query",
            "Sources/Web/CallsHandler.swift:4: SQL on a call table outside Sources/Store",
            "benchmarks/Peek/main.swift:1: the store's call reader outside Sources/Query",
        ])
    }
}
