import Foundation
import PluginAPI
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Loads the real `libTollbookCisco.so` through `dlopen` and drives it like the host does, copying
/// everything it emits into Swift values. Self-contained on purpose: it tests the plugin through
/// the C ABI only, independently of `Sources/Host`.
enum CiscoPluginHarness {
    /// Why the plugin could not be used.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The package root, found by walking up from this file to `Package.swift`.
    static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    }()

    /// `Tests/Fixtures/cisco`.
    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/cisco")

    /// The real CUCM samples in `Tests/Fixtures/cisco/samples`.
    static let sharedSamples = fixtures.appendingPathComponent("samples")

    /// The built plugin: `$TOLLBOOK_CISCO_PLUGIN`, else `libTollbookCisco.so` next to the test binary.
    static var pluginPath: String {
        if let override = ProcessInfo.processInfo.environment["TOLLBOOK_CISCO_PLUGIN"] { return override }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("libTollbookCisco.so").path
    }

    /// The entry function of the loaded plugin.
    static func entry() throws -> tb_plugin_entry_fn {
        let path = pluginPath
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown"
            throw LoadError(description: "cannot load \(path) (build it first: swift build --product TollbookCisco): \(reason)")
        }
        guard let symbol = dlsym(handle, TB_PLUGIN_ENTRY_SYMBOL) else {
            throw LoadError(description: "\(path) does not export \(TB_PLUGIN_ENTRY_SYMBOL)")
        }
        return unsafeBitCast(symbol, to: tb_plugin_entry_fn.self)
    }

    /// The plugin's descriptor for this host's ABI version.
    static func descriptor() throws -> UnsafePointer<tb_plugin_descriptor> {
        guard let descriptor = try entry()(UInt16(TB_ABI_MAJOR), UInt16(TB_ABI_MINOR)) else {
            throw LoadError(description: "the plugin refused ABI \(TB_ABI_MAJOR).\(TB_ABI_MINOR)")
        }
        return descriptor
    }

    /// Reads a fixture file.
    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// Reads a real sample file.
    static func sample(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: sharedSamples.appendingPathComponent(name)))
    }

    /// The plugin's probe score for `head`.
    static func probe(_ head: [UInt8]) throws -> Int32 {
        let descriptor = try descriptor()
        guard let probe = descriptor.pointee.probe else { throw LoadError(description: "no probe") }
        return head.withUnsafeBufferPointer { probe($0.baseAddress, $0.count) }
    }

    /// Parses `input` with `options` (a JSON object), offering it in chunks of `chunkSize` bytes
    /// the way the host does: unconsumed bytes are offered again together with the next chunk.
    /// `abortAfterRecords` makes the emit callback return TB_ERR_ABORTED once that many records
    /// have been received.
    static func parse(_ input: [UInt8], options: String = "{}", chunkSize: Int? = nil,
                      abortAfterRecords: Int? = nil) throws -> ParseOutcome {
        let descriptor = try descriptor()
        let collector = Collector()
        collector.abortAfterRecords = abortAfterRecords
        let collectorPointer = Unmanaged.passRetained(collector).toOpaque()
        defer { Unmanaged<Collector>.fromOpaque(collectorPointer).release() }

        var host = tb_host()
        host.struct_size = UInt32(MemoryLayout<tb_host>.size)
        host.abi_major = UInt16(TB_ABI_MAJOR)
        host.abi_minor = UInt16(TB_ABI_MINOR)
        host.host_data = collectorPointer
        host.emit_records = { host, records, count, stride in
            guard let host, let records else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
            return Collector.from(host).receive(records, count: Int(count), stride: Int(stride))
        }
        host.emit_reject = { host, reject in
            guard let host, let reject else { return tb_status(TB_ERR_INVALID_ARGUMENT) }
            return Collector.from(host).receive(reject.pointee)
        }
        host.report_error = { host, key, message in
            guard let host else { return }
            Collector.from(host).errors.append(.init(key: key.string, message: message.string))
        }
        host.log = { host, level, message in
            guard let host else { return }
            Collector.from(host).logs.append((level, message.string))
        }

        let optionBytes = Array(options.utf8)
        let sourceName = Array("fixture".utf8)
        return try withUnsafePointer(to: &host) { hostPointer in
            try optionBytes.withUnsafeBufferPointer { optionBuffer in
                try sourceName.withUnsafeBufferPointer { nameBuffer in
                    var config = tb_parser_config()
                    config.struct_size = UInt32(MemoryLayout<tb_parser_config>.size)
                    config.options_json = tb_str(ptr: UnsafeRawPointer(optionBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self), len: optionBuffer.count)
                    config.source_name = tb_str(ptr: UnsafeRawPointer(nameBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self), len: nameBuffer.count)
                    var parser: OpaquePointer?
                    guard let create = descriptor.pointee.create, let feed = descriptor.pointee.feed,
                          let destroy = descriptor.pointee.destroy else {
                        throw LoadError(description: "descriptor lacks functions")
                    }
                    let created = create(hostPointer, &config, &parser)
                    guard created == TB_OK, let parser else {
                        return ParseOutcome(createStatus: created, feedStatus: nil, events: [], errors: collector.errors,
                                            recordBatchSizes: [], consumedAll: false, inputLength: input.count)
                    }
                    defer { destroy(parser) }
                    let (status, consumedAll) = input.withUnsafeBufferPointer { buffer -> (tb_status, Bool) in
                        let step = max(1, chunkSize ?? max(1, buffer.count))
                        var start = 0, available = 0
                        while true {
                            available = min(buffer.count, available + step)
                            let last = available == buffer.count
                            var consumed = 0
                            let status = feed(parser, buffer.baseAddress.map { $0 + start }, available - start,
                                              UInt64(start), last ? UInt32(TB_FEED_END_OF_INPUT) : 0, &consumed)
                            if status != TB_OK { return (status, false) }
                            if consumed > available - start { return (tb_status(TB_ERR_INTERNAL), false) }
                            start += consumed
                            if last { return (status, start == buffer.count) }
                        }
                    }
                    return ParseOutcome(createStatus: created, feedStatus: status, events: collector.events,
                                        errors: collector.errors, recordBatchSizes: collector.batchSizes,
                                        consumedAll: consumedAll, inputLength: input.count, logs: collector.logs)
                }
            }
        }
    }
}

/// Receives the plugin's callbacks and copies what they carry.
final class Collector {
    var events: [ParseEvent] = []
    var errors: [ReportedError] = []
    var batchSizes: [Int] = []
    var logs: [(level: Int32, message: String)] = []
    var abortAfterRecords: Int?
    private var recordCount = 0

    static func from(_ host: UnsafePointer<tb_host>) -> Collector {
        Unmanaged<Collector>.fromOpaque(host.pointee.host_data!).takeUnretainedValue()
    }

    func receive(_ records: UnsafePointer<tb_record>, count: Int, stride: Int) -> tb_status {
        batchSizes.append(count)
        let raw = UnsafeRawPointer(records)
        for index in 0..<count {
            let record = raw.advanced(by: index * stride).assumingMemoryBound(to: tb_record.self).pointee
            events.append(.record(ParsedRecord(record)))
            recordCount += 1
            if let limit = abortAfterRecords, recordCount >= limit { return tb_status(TB_ERR_ABORTED) }
        }
        return tb_status(TB_OK)
    }

    func receive(_ reject: tb_reject) -> tb_status {
        events.append(.reject(ParsedReject(reject)))
        return tb_status(TB_OK)
    }
}

extension tb_str {
    /// The bytes as a Swift string (copied).
    var string: String {
        guard let ptr, len > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: ptr, count: len), as: UTF8.self)
    }
}

/// A host whose callbacks accept everything and keep nothing.
func makeSilentHost() -> tb_host {
    var host = tb_host()
    host.struct_size = UInt32(MemoryLayout<tb_host>.size)
    host.abi_major = UInt16(TB_ABI_MAJOR)
    host.abi_minor = UInt16(TB_ABI_MINOR)
    host.emit_records = { _, _, _, _ in 0 }
    host.emit_reject = { _, _ in 0 }
    host.report_error = { _, _, _ in }
    host.log = { _, _, _ in }
    return host
}
