import Foundation
import Host
import PluginTestSupport
import TollbookCore
import XCTest

/// The loaded plugin, shared by all tests (the host never unloads a plugin anyway).
enum Innovaphone {
    /// Loads `libTollbookInnovaphone.so` once.
    static func harness() throws -> PluginHarness {
        try PluginHarness(product: "TollbookInnovaphone")
    }

    /// Parses a fixture of `Tests/Fixtures/innovaphone/`.
    static func fixture(_ name: String, options: String = "{}", chunkSize: Int = 1 << 20) throws -> PluginHarness.Outcome {
        try harness().parseFixture("innovaphone/" + name, options: options, chunkSize: chunkSize)
    }

    /// Parses a shared sample of `Tests/Fixtures/innovaphone/samples/`.
    static func sample(_ name: String, options: String = "{}") throws -> PluginHarness.Outcome {
        try harness().parse(try PluginHarness.sharedSample("innovaphone/" + name), options: options, sourceName: name)
    }

    /// Parses literal text.
    static func text(_ text: String, options: String = "{}") throws -> PluginHarness.Outcome {
        try harness().parse(Array(text.utf8), options: options)
    }
}

/// The expected values of one record, written by hand. Times are Unix seconds.
struct Expected {
    var id: String
    var correlation: String
    var start: Int64
    var answer: Int64?
    var end: Int64
    var calling = ""
    var called = ""
    var originalCalled = ""
    var connected = ""
    var redirecting = ""
    var ext = ""
    var remote = ""
    var direction: Direction = .unknown
    var disposition: Disposition = .unknown
    var flags: CallFlags = []
    var trunk = ""
    var device = ""
    var remoteDevice = ""
    var huntGroup = ""
    var cause: Int64?
    var extra: [String: String] = [:]
}

/// Asserts every field of `record` against `expected` (extras compared as a dictionary).
func assertRecord(_ record: CallRecord?, _ expected: Expected, file: StaticString = #filePath, line: UInt = #line) {
    guard let record else { return XCTFail("record missing", file: file, line: line) }
    let e = expected
    XCTAssertEqual(record.vendorRecordID, e.id, "id", file: file, line: line)
    XCTAssertEqual(record.correlationID, e.correlation, "correlation", file: file, line: line)
    XCTAssertEqual(record.startMs, e.start * 1000, "start", file: file, line: line)
    XCTAssertEqual(record.answerMs, e.answer.map { $0 * 1000 }, "answer", file: file, line: line)
    XCTAssertEqual(record.endMs, e.end * 1000, "end", file: file, line: line)
    XCTAssertEqual(record.talkMs, e.answer.map { (e.end - $0) * 1000 } ?? 0, "talk", file: file, line: line)
    XCTAssertEqual(record.parties.calling, e.calling, "calling", file: file, line: line)
    XCTAssertEqual(record.parties.called, e.called, "called", file: file, line: line)
    XCTAssertEqual(record.parties.originalCalled, e.originalCalled, "originalCalled", file: file, line: line)
    XCTAssertEqual(record.parties.connected, e.connected, "connected", file: file, line: line)
    XCTAssertEqual(record.parties.redirecting, e.redirecting, "redirecting", file: file, line: line)
    XCTAssertEqual(record.parties.extension, e.ext, "extension", file: file, line: line)
    XCTAssertEqual(record.parties.remote, e.remote, "remote", file: file, line: line)
    XCTAssertEqual(record.parties.accountCode, "", "account code", file: file, line: line)
    XCTAssertEqual(record.parties.pin, "", "pin", file: file, line: line)
    XCTAssertEqual(record.parties.projectCode, "", "project code", file: file, line: line)
    XCTAssertEqual(record.direction, e.direction, "direction", file: file, line: line)
    XCTAssertEqual(record.disposition, e.disposition, "disposition", file: file, line: line)
    XCTAssertEqual(record.flags, e.flags, "flags", file: file, line: line)
    XCTAssertEqual(record.trunk, e.trunk, "trunk", file: file, line: line)
    XCTAssertEqual(record.device, e.device, "device", file: file, line: line)
    XCTAssertEqual(record.remoteDevice, e.remoteDevice, "remoteDevice", file: file, line: line)
    XCTAssertEqual(record.huntGroup, e.huntGroup, "huntGroup", file: file, line: line)
    XCTAssertEqual(record.cause, e.cause, "cause", file: file, line: line)
    XCTAssertNil(record.chargeUnits, file: file, line: line)
    XCTAssertNil(record.chargeMinor, file: file, line: line)
    var extras: [String: String] = [:]
    for field in record.extra { extras[field.key] = field.value }
    XCTAssertEqual(extras, e.extra, "extra", file: file, line: line)
}

extension PluginHarness.Outcome {
    /// Rejects other than skipped spans: (reason, field, message).
    var problems: [String] {
        rejects.filter { $0.reason != .skipped }.map { "\($0.reason.rawValue)|\($0.field)|\($0.message)" }
    }
}
