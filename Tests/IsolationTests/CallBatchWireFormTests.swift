import Foundation
import TollbookCore
import XCTest

/// A call batch survives its byte form unchanged; damaged bytes are refused, never trusted.
final class CallBatchWireFormTests: XCTestCase {
    private func sample() -> CallBatch {
        var record = CallRecord(vendorRecordID: "a1", correlationID: "c1", startMs: 1_000, answerMs: 2_000, endMs: 9_000,
                                direction: .outgoing, disposition: .busy, parties: CallParties(calling: "100", called: "0301234"))
        var batch = CallBatch([record])
        record.vendorRecordID = "a2"
        record.extra = [VendorField(key: "k", value: "v")]
        batch.append(record)
        return batch
    }

    private func wire(_ batch: CallBatch) -> [UInt8] {
        var bytes: [UInt8] = []
        batch.appendWire(to: &bytes)
        return bytes
    }

    func testRoundTrip() throws {
        let batch = sample()
        let copy = try wire(batch).withUnsafeBytes { try CallBatch(wire: $0) }
        XCTAssertEqual(copy.records, batch.records)
        XCTAssertEqual(copy.arena, batch.arena)
    }

    func testAppendingBatchesMovesTheirText() throws {
        var first = sample()
        first.append(contentsOf: sample())
        XCTAssertEqual(first.records.map(\.vendorRecordID), ["a1", "a2", "a1", "a2"])
        XCTAssertEqual(first.records[3].extra, [VendorField(key: "k", value: "v")])
    }

    func testDamagedBytesAreRefused() throws {
        var bytes = wire(sample())
        bytes[0] = 0
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try CallBatch(wire: $0) }) { XCTAssertEqual($0 as? CallBatchWireError, .badMagic) }
        bytes = wire(sample())
        bytes.removeLast()
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try CallBatch(wire: $0) })
        bytes = wire(sample())
        let directionOffset = 20 + (MemoryLayout<CallBatch.Row>.offset(of: \CallBatch.Row.direction) ?? 0)
        bytes[directionOffset] = 200
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try CallBatch(wire: $0) }) {
            XCTAssertEqual($0 as? CallBatchWireError, .invalidRow(index: 0, problem: "direction"))
        }
        bytes = wire(sample())
        let lengthOffset = 20 + (MemoryLayout<CallBatch.Row>.offset(of: \CallBatch.Row.calling) ?? 0) + 4
        bytes[lengthOffset + 3] = 0x7f
        XCTAssertThrowsError(try bytes.withUnsafeBytes { try CallBatch(wire: $0) }) {
            XCTAssertEqual($0 as? CallBatchWireError, .invalidRow(index: 0, problem: "text outside the arena"))
        }
    }
}
