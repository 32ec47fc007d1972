import Foundation
@testable import Host
import PluginAPI
import TestSupport
import TollbookCore
import XCTest

/// The ABI's growth rules (header, section 2): every struct is read as min(struct_size, known),
/// so a plugin built against a newer minor loads and runs in today's host, and a plugin built
/// against today's header runs in a newer host whose `tb_host` and `tb_parser_config` are larger.
final class ABIGrowthTests: XCTestCase {
    private var directory: URL!

    /// Input of the pipe test plugin: a comment (skipped), three calls, a malformed line.
    /// Offsets: a1 at 13 (52 bytes), a2 at 65 (43), the malformed line at 108 (23), a3 at 131 (52).
    private let pipeInput = Array("""
        # abi growth
        a1|1740988800|1740988805|1740988830|2000|0305550000
        a2|1740989400|0|1740989449|2001|0305550001
        this line is malformed
        a3|1740990000|1740990009|1740990061|2002|0305550002

        """.utf8)

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-abi-growth")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - A plugin built against a "1.1" header in today's (1.0) host

    func testPipePluginBuiltAgainstA1_1HeaderRunsInTodaysHost() throws {
        let include = try makeVersion1_1Header()
        let newer = try PluginLibrary(path: TestEnvironment.compileCPlugin(
            name: "libpipe11.so", defines: ["TEST_ABI_1_1"], include: include, into: directory).path)
        XCTAssertEqual(newer.info.abiVersion, "1.1")
        XCTAssertEqual(newer.info.id, "test.pipe")
        XCTAssertEqual(newer.info.formats, ["test-pipe"])

        for chunk in [Int.max, 7, 1] {
            let output = try parse(newer, pipeInput, chunkSize: chunk)
            XCTAssertEqual(output.records.map(\.vendorRecordID), ["a1", "a2", "a3"], "chunk \(chunk)")
            XCTAssertEqual(output.records.map(\.startMs), [1_740_988_800_000, 1_740_989_400_000, 1_740_990_000_000])
            XCTAssertEqual(output.records.map(\.answerMs), [1_740_988_805_000, nil, 1_740_990_009_000])
            XCTAssertEqual(output.records.map(\.endMs), [1_740_988_830_000, 1_740_989_449_000, 1_740_990_061_000])
            XCTAssertEqual(output.records.map(\.parties.calling), ["2000", "2001", "2002"])
            XCTAssertEqual(output.records.map(\.parties.called), ["0305550000", "0305550001", "0305550002"])
            XCTAssertEqual(output.records.map(\.sourceOffset), [13, 65, 131])
            XCTAssertEqual(output.records.map(\.sourceLength), [52, 43, 52])
            // Today's host has neither the 1.1 callback nor the 1.1 config field: TB_STRUCT_HAS says so.
            for record in output.records {
                XCTAssertEqual(record.extra.map { "\($0.key)=\($0.value)" },
                               ["host_emit_metric=absent", "config_locale=absent"])
            }
            // The reject is read from the 1.0 part of the larger reject; its raw bytes are kept.
            XCTAssertEqual(output.rejects.count, 1)
            XCTAssertEqual(output.rejects.first?.reason, .malformed)
            XCTAssertEqual(output.rejects.first?.message, "expected 6 fields")
            XCTAssertEqual(output.rejects.first?.sourceOffset, 108)
            XCTAssertEqual(output.rejects.first.map { String(decoding: $0.raw, as: UTF8.self) }, "this line is malformed\n")
            XCTAssertEqual(output.skipped, 1)
        }
    }

    func testSDKCExampleBuiltAgainstA1_1HeaderRunsInTodaysHost() throws {
        let include = try makeVersion1_1Header()
        let today = try buildCMinimal(include: TestEnvironment.pluginAPIInclude, into: directory.appendingPathComponent("c10"))
        let newer = try buildCMinimal(include: include, into: directory.appendingPathComponent("c11"))
        XCTAssertEqual(newer.info.abiVersion, "1.1")
        let sample = try [UInt8](Data(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("sdk/examples/c-minimal/sample.csv")))
        let expected = try parse(today, sample, chunkSize: Int.max)
        XCTAssertGreaterThan(expected.records.count, 3)
        for chunk in [Int.max, 13] {
            let output = try parse(newer, sample, chunkSize: chunk)
            XCTAssertEqual(output.records, expected.records, "chunk \(chunk)")
            XCTAssertEqual(output.rejects, expected.rejects, "chunk \(chunk)")
            XCTAssertEqual(output.skipped, expected.skipped, "chunk \(chunk)")
        }
    }

    // MARK: - Today's (1.0) plugins in a newer host with larger tb_host / tb_parser_config

    func testPipePluginAcceptsALargerHostAndConfig() throws {
        let plugin = try PluginLibrary(path: TestEnvironment.compileCPlugin(name: "libpipe.so", into: directory).path)
        let expected = try parse(plugin, pipeInput, chunkSize: Int.max)
        XCTAssertEqual(expected.records.map(\.vendorRecordID), ["a1", "a2", "a3"])
        let larger = try parseWithLargerHost(plugin, pipeInput, optionsJSON: "{}")
        XCTAssertEqual(larger.records, expected.records)
        XCTAssertEqual(larger.rejects, expected.rejects)
        XCTAssertEqual(larger.skipped, 1)
    }

    func testBundledCiscoPluginAcceptsALargerHostAndConfig() throws {
        let plugin = try PluginLibrary(path: TestEnvironment.ciscoPlugin.path)
        let input = try [UInt8](Data(contentsOf: TestEnvironment.fixtures.appendingPathComponent("cisco/cdr_133_basic.txt")))
        let expected = try parse(plugin, input, chunkSize: Int.max)
        XCTAssertEqual(expected.records.count, 6)
        XCTAssertEqual(expected.records.first?.startMs, 1_740_988_800_000)
        XCTAssertEqual(expected.rejects.count, 0)
        XCTAssertEqual(expected.skipped, 2)
        let larger = try parseWithLargerHost(plugin, input, optionsJSON: "{}")
        XCTAssertEqual(larger.records, expected.records)
        XCTAssertEqual(larger.rejects, expected.rejects)
        XCTAssertEqual(larger.skipped, expected.skipped)
    }

    // MARK: - The other growth rules

    func testParserConfigStaysValidUntilDestroy() throws {
        let plugin = try PluginLibrary(path: TestEnvironment.compileCPlugin(
            name: "libkeeps.so", defines: ["TEST_KEEPS_CONFIG"], into: directory).path)
        let session = try ParserSession(plugin: plugin, optionsJSON: "{}", sourceName: "node-7/cdr-2026-03-03.txt",
                                        timeZone: try XCTUnwrap(WallClockConverter(identifier: "UTC")))
        var records: [CallRecord] = []
        for start in stride(from: 0, to: pipeInput.count, by: 16) {
            try pipeInput[start..<min(start + 16, pipeInput.count)].withUnsafeBytes { try session.feed($0) }
            records += session.takeOutput().records
        }
        try session.finish()
        records += session.takeOutput().records
        XCTAssertEqual(records.map(\.device), Array(repeating: "node-7/cdr-2026-03-03.txt", count: 3))
    }

    func testRejectSmallerThanVersion1_0IsAViolationAndThePluginIsNotFedAgain() throws {
        let plugin = try PluginLibrary(path: TestEnvironment.compileCPlugin(
            name: "libsmallreject.so", defines: ["TEST_SMALL_REJECT"], into: directory).path)
        let session = try ParserSession(plugin: plugin, optionsJSON: "{}", sourceName: "x",
                                        timeZone: try XCTUnwrap(WallClockConverter(identifier: "UTC")))
        let expected = HostError.contractViolation(connector: "test.pipe", detail: "reject struct_size 48 is smaller than a version 1.0 reject (56)")
        XCTAssertThrowsError(try pipeInput.withUnsafeBytes { try session.feed($0) }) { error in
            XCTAssertEqual("\(error)", "\(expected)")
        }
        _ = session.takeOutput()
        // After an error the host never calls feed() again: the same error, and no new output.
        let more = Array("a9|1740990000|0|1740990061|2009|0305550009\n".utf8)
        XCTAssertThrowsError(try more.withUnsafeBytes { _ = try session.consume($0, isEnd: true) }) { error in
            XCTAssertEqual("\(error)", "\(expected)")
        }
        XCTAssertEqual(session.takeOutput().records.count, 0)
    }

    func testRecordLargerThanItsStrideIsAViolation() throws {
        let plugin = try PluginLibrary(path: TestEnvironment.compileCPlugin(
            name: "liboverstride.so", defines: ["TEST_RECORD_OVER_STRIDE"], into: directory).path)
        let session = try ParserSession(plugin: plugin, optionsJSON: "{}", sourceName: "x",
                                        timeZone: try XCTUnwrap(WallClockConverter(identifier: "UTC")))
        XCTAssertThrowsError(try pipeInput.withUnsafeBytes { try session.feed($0) }) { error in
            XCTAssertEqual("\(error)", "\(HostError.contractViolation(connector: "test.pipe", detail: "record struct_size 416 is larger than the record stride 408"))")
        }
    }

    func testVersion1_0SizesAreTheFrozenLayout() {
        XCTAssertEqual(HostABI.minimumDescriptorSize, 160)
        XCTAssertEqual(HostABI.minimumRecordSize, 408)
        XCTAssertEqual(HostABI.minimumRejectSize, 56)
        XCTAssertEqual(HostABI.version1_0HostSize, 48)
        XCTAssertEqual(HostABI.version1_0ParserConfigSize, 40)
    }

    // MARK: - Helpers

    /// Writes a copy of today's header as a hypothetical version 1.1 would look: the minor bumped,
    /// fields appended to every struct, a callback appended to `tb_host`. Returns its directory.
    private func makeVersion1_1Header() throws -> URL {
        var header = try String(contentsOf: TestEnvironment.pluginAPIInclude.appendingPathComponent("tollbook_plugin.h"),
                                encoding: .utf8)
        func replace(_ marker: String, with replacement: String) throws {
            let parts = header.components(separatedBy: marker)
            guard parts.count == 2 else {
                throw NSError(domain: "ABIGrowthTests", code: 1,
                              userInfo: [NSLocalizedDescriptionKey: "'\(marker)' occurs \(parts.count - 1) times in the header"])
            }
            header = parts.joined(separator: replacement)
        }
        try replace("#define TB_ABI_MINOR 0\n", with: "#define TB_ABI_MINOR 1\n")
        try replace("} tb_record;", with: "    int64_t future_int;            /* 1.1 */\n    tb_str future_text;            /* 1.1 */\n} tb_record;")
        try replace("} tb_reject;", with: "    tb_str future_hint;            /* 1.1 */\n    uint64_t future_count;         /* 1.1 */\n} tb_reject;")
        try replace("} tb_host;", with: "    tb_status (*emit_metric)(const struct tb_host *host, tb_str name, int64_t value); /* 1.1 */\n} tb_host;")
        try replace("} tb_parser_config;", with: "    tb_str locale;                 /* 1.1 */\n} tb_parser_config;")
        try replace("} tb_plugin_descriptor;", with: """
                int32_t (*future_probe_ex)(const uint8_t *head, size_t len, uint32_t flags); /* 1.1 */
                uint64_t future_flags;         /* 1.1 */
            } tb_plugin_descriptor;
            """)
        let include = directory.appendingPathComponent("include-1.1")
        try FileManager.default.createDirectory(at: include, withIntermediateDirectories: true)
        try Data(header.utf8).write(to: include.appendingPathComponent("tollbook_plugin.h"))
        return include
    }

    /// Builds the SDK's C example with its own Makefile against the header in `include`.
    private func buildCMinimal(include: URL, into output: URL) throws -> PluginLibrary {
        let example = TestEnvironment.packageRoot.appendingPathComponent("sdk/examples/c-minimal")
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/env"), [
            "make", "-s", "-C", example.path, "OUT=\(output.path)", "SDK_INCLUDE=\(include.path)", "CFLAGS=-O2 -Werror",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try PluginLibrary(path: output.appendingPathComponent("libtollbook_cminimal.so").path)
    }

    private struct Parsed {
        var records: [CallRecord] = []
        var rejects: [QuarantinedInput] = []
        var skipped = 0
    }

    /// Parses `input` through a ``ParserSession`` (today's host) in chunks of `chunkSize` bytes.
    private func parse(_ plugin: PluginLibrary, _ input: [UInt8], chunkSize: Int) throws -> Parsed {
        let session = try ParserSession(plugin: plugin, optionsJSON: "{}", sourceName: "input",
                                        timeZone: try XCTUnwrap(WallClockConverter(identifier: "UTC")))
        var parsed = Parsed()
        func collect() {
            let output = session.takeOutput()
            parsed.records += output.records
            parsed.rejects += output.rejects
            parsed.skipped += output.skipped
        }
        var start = 0
        while start < input.count {
            let end = input.count - start <= chunkSize ? input.count : start + chunkSize
            try input[start..<end].withUnsafeBytes { try session.feed($0) }
            collect()
            start = end
        }
        try session.finish()
        collect()
        return parsed
    }

    /// Drives `plugin` the way a newer host would: its `tb_host` and `tb_parser_config` carry 64
    /// and 32 bytes more than today's (filled with 0xA5), with the host's own callbacks.
    private func parseWithLargerHost(_ plugin: PluginLibrary, _ input: [UInt8], optionsJSON: String) throws -> Parsed {
        let context = SessionContext(converter: try XCTUnwrap(WallClockConverter(identifier: "UTC")))
        let hostSize = MemoryLayout<tb_host>.size, hostTail = 64
        let configSize = MemoryLayout<tb_parser_config>.size, configTail = 32
        let hostMemory = UnsafeMutableRawPointer.allocate(byteCount: hostSize + hostTail, alignment: 16)
        let configMemory = UnsafeMutableRawPointer.allocate(byteCount: configSize + configTail, alignment: 16)
        defer {
            hostMemory.deallocate()
            configMemory.deallocate()
        }
        (hostMemory + hostSize).initializeMemory(as: UInt8.self, repeating: 0xA5, count: hostTail)
        (configMemory + configSize).initializeMemory(as: UInt8.self, repeating: 0xA5, count: configTail)
        let host = hostMemory.initializeMemory(as: tb_host.self, to: tb_host(
            struct_size: UInt32(hostSize + hostTail), abi_major: HostABI.major, abi_minor: HostABI.minor + 1,
            host_data: Unmanaged.passUnretained(context).toOpaque(),
            emit_records: sessionEmitRecords, emit_reject: sessionEmitReject, report_error: sessionReportError, log: sessionLog))
        let options = Array(optionsJSON.utf8), name = Array("input".utf8)
        return try options.withUnsafeBufferPointer { optionBytes in
            try name.withUnsafeBufferPointer { nameBytes in
                func text(_ bytes: UnsafeBufferPointer<UInt8>) -> tb_str {
                    tb_str(ptr: UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self), len: bytes.count)
                }
                let config = configMemory.initializeMemory(as: tb_parser_config.self, to: tb_parser_config(
                    struct_size: UInt32(configSize + configTail), reserved: 0,
                    options_json: text(optionBytes), source_name: text(nameBytes)))
                var parser: OpaquePointer?
                let created = plugin.descriptor.pointee.create(host, config, &parser)
                XCTAssertEqual(created, tb_status(TB_OK), context.errorMessage)
                let made = try XCTUnwrap(parser)
                defer { plugin.descriptor.pointee.destroy(made) }
                var consumed = 0
                let status = input.withUnsafeBytes { data -> tb_status in
                    context.beginCall(data: data, offset: 0)
                    defer { context.endCall() }
                    return plugin.descriptor.pointee.feed(
                        made, data.baseAddress?.assumingMemoryBound(to: UInt8.self), data.count, 0,
                        UInt32(TB_FEED_END_OF_INPUT), &consumed)
                }
                XCTAssertEqual(status, tb_status(TB_OK), context.errorMessage)
                XCTAssertNil(context.violation)
                XCTAssertEqual(consumed, input.count)
                return Parsed(records: context.calls.records, rejects: context.rejects, skipped: context.skipped)
            }
        }
    }
}
