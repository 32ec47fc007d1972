import Alarms
import Foundation
import Ingest
import Store
import TollbookCore
import XCTest

/// The alarm stage in the ingest pipeline on a real store: it notes the window of a batch's legs in
/// the batch's transaction, so the window commits — or rolls back — with the records.
final class AlarmStageTests: XCTestCase {
    private var fixture: AlarmFixture!
    private let monday: Int64 = 1_740_960_000_000

    override func setUpWithError() throws {
        fixture = try AlarmFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    /// A stage failing in its write hook (a disk full, a constraint) after the alarm stage.
    private final class FailingStage: IngestStage {
        var name: String { "failing" }
        struct Failure: Error {}
        func write(_ batch: IngestBatch, in context: inout IngestWrite) throws { throw Failure() }
    }

    private func write(_ stages: [any IngestStage], _ calls: [CallRecord], store: CallStore) throws {
        let sourceID = try store.sourceID(named: "cucm", connector: "cisco.cucm", timeZone: "Europe/Berlin", nowMs: 1)
        let pipeline = IngestPipeline(stages: stages)
        var batch = IngestBatch(calls: CallBatch(calls), rejects: [], skipped: 0)
        try pipeline.prepare(&batch)
        try store.beginBatch()
        var context = IngestWrite(store: store, sourceID: sourceID, importID: nil, rejectKey: "test:1", origin: "test.txt",
                                  nowMs: 1_750_000_000_000, rejectCounting: .allRejected, counts: ImportCounts(),
                                  describeConflict: { _, _, row in
                                      (QuarantinedInput(reason: .conflict, sourceOffset: row.sourceOffset, raw: [], field: "", message: ""), nil)
                                  })
        do {
            try pipeline.write(batch, in: &context)
            try store.commitBatch()
        } catch {
            store.rollbackBatch()
            throw error
        }
    }

    func testTheBatchWindowCommitsAndRollsBackWithTheRecords() throws {
        let store = try CallStore(path: fixture.storePath)
        let calls = [
            AlarmFixture.leg("a", e164: "+18765550100", startMs: monday + 17 * 3_600_000, talkSeconds: 95, costMinor: 200,
                             zone: "JAMAICA", destination: "Jamaika"),
            AlarmFixture.leg("b", e164: "+442079460001", startMs: monday + 10 * 3_600_000, talkSeconds: 60, costMinor: 10,
                             zone: "WORLD", destination: "Welt"),
        ]
        XCTAssertEqual(AlarmStage().name, "alarms")
        try write([AlarmStage(), StoringStage()], calls, store: store)
        let windows = try store.pendingAlarmWindows()
        XCTAssertEqual(windows.map { [$0.fromMs, $0.toMs] }, [[monday + 10 * 3_600_000, monday + 17 * 3_600_000 + 1]],
                       "earliest start to latest start, end exclusive")

        let later = [AlarmFixture.leg("c", e164: "+18765550101", startMs: monday + 20 * 3_600_000, talkSeconds: 60, costMinor: 100,
                                      zone: "JAMAICA", destination: "Jamaika")]
        XCTAssertThrowsError(try write([AlarmStage(), StoringStage(), FailingStage()], later, store: store))
        XCTAssertEqual(try store.pendingAlarmWindows().count, 1, "the failed batch's window is rolled back with its calls")
        XCTAssertEqual(try store.callCount(), 2)

        try write([AlarmStage(), StoringStage()], [], store: store)
        XCTAssertEqual(try store.pendingAlarmWindows().count, 1, "an empty batch notes nothing")
    }
}
