import Foundation
import Ingest
import Pricing
import Store
import TollbookCore
import XCTest

/// The ingest pipeline on a real SQLite store: the stages' order, what each hook sees, and how the
/// storing stage counts calls, duplicates, conflicts and rejects.
final class IngestPipelineTests: XCTestCase {
    private var fixture: IngestFixture!

    override func setUpWithError() throws {
        fixture = try IngestFixture()
    }

    override func tearDown() {
        fixture.remove()
    }

    /// Records what it saw, into a log shared with the test.
    private final class RecordingStage: IngestStage {
        let name: String
        var log: [String] = []

        init(name: String) {
            self.name = name
        }

        func prepare(_ batch: inout IngestBatch) throws {
            log.append("prepare \(batch.calls.count) calls, priced: \(batch.calls.isPriced)")
        }

        func write(_ batch: IngestBatch, in context: inout IngestWrite) throws {
            log.append("write, stored so far: \(context.counts.imported), last insert: \(context.lastInsert?.inserted ?? -1)")
        }
    }

    private func write(_ pipeline: IngestPipeline, _ batch: IngestBatch, counting: IngestWrite.RejectCounting,
                       counts: ImportCounts = ImportCounts()) throws -> ImportCounts {
        let store = fixture.store
        let sourceID = try store.sourceID(named: "cucm", connector: "cisco.cucm", timeZone: "Europe/Berlin", nowMs: 1)
        var prepared = batch
        try pipeline.prepare(&prepared)
        try store.beginBatch()
        var context = IngestWrite(store: store, sourceID: sourceID, importID: nil, rejectKey: "test:1", origin: "test.txt",
                                  nowMs: 1_750_000_000_000, rejectCounting: counting, counts: counts,
                                  describeConflict: { _, conflict, row in
                                      (QuarantinedInput(reason: .conflict, sourceOffset: row.sourceOffset, raw: [], field: "",
                                                        message: "differs from call \(conflict.storedCallID)"), nil)
                                  })
        try pipeline.write(prepared, in: &context)
        try store.commitBatch()
        return context.counts
    }

    func testTheStandardPipelineIsPricingThenTheExtraStagesThenStoring() throws {
        XCTAssertEqual(IngestPipeline.standard(pricer: nil).stageNames, ["storing"])
        let pricer = try fixture.pricer(tariff: IngestFixture.firstTariff)
        let extra = RecordingStage(name: "recording")
        XCTAssertEqual(IngestPipeline.standard(pricer: pricer, extraStages: [extra]).stageNames,
                       ["pricing", "recording", "storing"])
    }

    func testEachStageSeesTheBatchAfterTheStagesBeforeIt() throws {
        let pricer = try fixture.pricer(tariff: IngestFixture.firstTariff)
        let between = RecordingStage(name: "between")
        let after = RecordingStage(name: "after")
        let pipeline = IngestPipeline(stages: [PricingStage(pricer: pricer), between, StoringStage(), after])
        let batch = IngestBatch(calls: CallBatch([IngestFixture.outgoing("a", dialled: "05550123", talkSeconds: 95),
                                                  IngestFixture.incoming("b")]), rejects: [], skipped: 0)
        let counts = try write(pipeline, batch, counting: .pluginFaultsApart)
        XCTAssertEqual(counts, ImportCounts(imported: 2, duplicates: 0, rejected: 0, skipped: 0))
        XCTAssertEqual(between.log, ["prepare 2 calls, priced: true", "write, stored so far: 0, last insert: -1"])
        XCTAssertEqual(after.log, ["prepare 2 calls, priced: true", "write, stored so far: 2, last insert: 2"])
        XCTAssertEqual(try fixture.storedCalls()["a"]?.call.pricing?.costMinor, 2, "priced on the way in")
    }

    func testStoringCountsDuplicatesConflictsAndRejectsByTheSourcesRule() throws {
        let pipeline = IngestPipeline.standard(pricer: nil)
        let call = IngestFixture.outgoing("a", dialled: "05550123", talkSeconds: 95)
        var changed = call
        changed.talkMs += 1_000
        let rejects = [
            QuarantinedInput(reason: .malformed, sourceOffset: 20, raw: Array("bad".utf8), field: "duration", message: "not a number"),
            QuarantinedInput(reason: .pluginViolation, sourceOffset: 30, raw: Array("odd".utf8), field: "", message: "broke the contract"),
        ]
        let first = try write(pipeline, IngestBatch(calls: CallBatch([call]), rejects: rejects, skipped: 1),
                              counting: .pluginFaultsApart)
        var expected = ImportCounts(imported: 1, duplicates: 0, rejected: 1, skipped: 0)
        expected.pluginViolations = 1
        XCTAssertEqual(first, expected, "skipped spans are counted by the source, not by a stage")

        let second = try write(pipeline, IngestBatch(calls: CallBatch([call, changed]), rejects: rejects, skipped: 0),
                               counting: .allRejected, counts: first)
        expected.duplicates = 1
        expected.conflicts = 1
        expected.rejected = 3
        XCTAssertEqual(second, expected, "the capture service counts every reject as rejected")
        XCTAssertEqual(try fixture.storedCalls().count, 1)
    }
}
