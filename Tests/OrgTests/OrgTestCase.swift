import Org
@testable import Store
import TestSupport
import XCTest

/// Base for org chart tests: a fresh store on disk per test and helpers to add calls and read
/// their allocation.
class OrgTestCase: XCTestCase {
    var directory: URL!
    var store: CallStore!
    var chart: OrgChart!
    private var nextCall: Int64 = 1

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-org")
        store = try CallStore(path: directory.appendingPathComponent("org.db").path)
        chart = OrgChart(store: store)
        try store.database.execute(
            "INSERT INTO sources(id, name, connector, time_zone, created_ms) VALUES (1, 'pbx', 'cisco.cucm', 'UTC', 0)")
    }

    override func tearDown() {
        chart = nil
        store = nil
        try? FileManager.default.removeItem(at: directory)
    }

    /// Midnight UTC of a `YYYY-MM-DD` date.
    func day(_ text: String) -> Int64 { OrgDate.parse(text) ?? 0 }

    /// Stores a call starting at `start` (a date, plus `hours`) with the given classifiers.
    @discardableResult
    func addCall(_ start: String, hours: Int64 = 10, extensionKey: String? = nil, pin: String? = nil, device: String? = nil,
                 cost: Int64 = 10) throws -> Int64 {
        let id = nextCall
        nextCall += 1
        let statement = try store.database.prepare("""
            INSERT INTO calls(id, source_id, vendor_key, vendor_record_id, correlation_id, start_ms, end_ms, ring_ms, talk_ms,
                              direction, disposition, flags, source_offset, source_length, extension_key, pin, device, cost_minor)
            VALUES (?, 1, ?, ?, 'c', ?, ?, 0, 60000, 2, 1, 0, 0, 1, ?, ?, ?, ?)
            """)
        let startMs = day(start) + hours * 3_600_000
        statement.bind(1, id)
        statement.bind(2, id)
        statement.bind(3, "r\(id)")
        statement.bind(4, startMs)
        statement.bind(5, startMs + 60_000)
        statement.bindNullIfEmpty(6, extensionKey ?? "")
        statement.bindNullIfEmpty(7, pin ?? "")
        statement.bindNullIfEmpty(8, device ?? "")
        statement.bind(9, cost)
        try statement.run()
        return id
    }

    /// Call id → path of the node it is allocated to (`Other` for the system node).
    func allocation() throws -> [Int64: String] {
        var result: [Int64: String] = [:]
        try chart.forEachAllocatedCall(fromMs: nil, toMs: nil) { call in
            result[call.callID] = (try? chart.path(ofNode: call.nodeID)).flatMap { $0?.description } ?? "?"
        }
        return result
    }

    func path(_ text: String) throws -> OrgPath { try OrgPath(parsing: text) }
}
