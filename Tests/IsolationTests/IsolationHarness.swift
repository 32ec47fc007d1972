import Foundation
import Host
import TestSupport
import TollbookCore
import XCTest

/// Builds inputs for the faulty C plugin (`Tests/Fixtures/plugins/faulty_plugin.c`) and parses
/// bytes through ``IsolatedStreamParser`` the way the import does: windows of new bytes after the
/// ones the parser left, the stream kept in memory for replay.
enum IsolationHarness {
    /// Everything a parse produced.
    struct Run {
        var records: [CallRecord] = []
        var rejects: [QuarantinedInput] = []
        var skipped = 0
        var restarts = 0
    }

    /// An input of `count` lines `id<i>;start;end;calling;called`, line `i` (0-based) carrying
    /// `markers[i]` in its called number.
    struct Input {
        var bytes: [UInt8] = []
        var lineOffsets: [UInt64] = []
        var lines: [[UInt8]] = []

        init(count: Int, markers: [Int: String] = [:], header: Bool = false, finalNewline: Bool = true) {
            if header { bytes += Array("#HEADER v1\n".utf8) }
            for index in 0..<count {
                let start = 1_700_000_000 + index * 60
                var line = "id\(index);\(start);\(start + 30);4930\(1000 + index);4989\(2000 + index)\(markers[index] ?? "")"
                if finalNewline || index < count - 1 { line += "\n" }
                lineOffsets.append(UInt64(bytes.count))
                lines.append(Array(line.utf8))
                bytes += Array(line.utf8)
            }
        }

        /// The ids of every line except those at `excluded`.
        func ids(excluding excluded: Set<Int>) -> [String] {
            lines.indices.filter { !excluded.contains($0) }.map { "id\($0)" }
        }

        /// The offsets of every line except those at `excluded`.
        func offsets(excluding excluded: Set<Int>) -> [UInt64] {
            lines.indices.filter { !excluded.contains($0) }.map { lineOffsets[$0] }
        }
    }

    /// Worker settings for tests: the built `tollbook`, a generous timeout unless given.
    static func worker(timeout: Double = 60, memory: UInt64? = 1 << 30) -> ParserIsolation {
        .worker(WorkerSettings(timeoutSeconds: timeout, memoryBytes: memory, executable: TestEnvironment.tollbookExecutable.path))
    }

    /// Parses `bytes` in windows of `window` new bytes.
    static func parse(_ bytes: [UInt8], plugin: PluginLibrary, isolation: ParserIsolation, window: Int = 1 << 20,
                      options: String = "{}", timeZone: String = "UTC", quarantineLimit: Int = 50) throws -> Run {
        guard let converter = WallClockConverter(identifier: timeZone) else { throw HostError.unknownTimeZone(timeZone) }
        let parser = try IsolatedStreamParser(
            plugin: plugin, optionsJSON: options, sourceName: "test", timeZone: converter, isolation: isolation,
            quarantineLimit: quarantineLimit,
            replay: { upTo, body in
                var start = 0
                while start < Int(upTo) {
                    let end = min(start + 3000, Int(upTo))
                    try bytes[start..<end].withUnsafeBytes { try body($0) }
                    start = end
                }
            })
        var run = Run()
        func collect() {
            let output = parser.takeOutput()
            run.records += output.records
            run.rejects += output.rejects
            run.skipped += output.skipped
        }
        var pending: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let end = min(index + window, bytes.count)
            pending += bytes[index..<end]
            let used = try pending.withUnsafeBytes { try parser.consume($0, isEnd: false) }
            pending.removeFirst(used)
            collect()
            index = end
        }
        _ = try pending.withUnsafeBytes { try parser.consume($0, isEnd: true) }
        collect()
        XCTAssertEqual(parser.consumedBytes, UInt64(bytes.count))
        run.restarts = parser.workerRestarts
        return run
    }
}

/// Compiles the faulty plugin once per set of defines for a test class.
final class FaultyPlugins {
    private let directory: URL
    private var built: [String: PluginLibrary] = [:]

    init() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-isolation")
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The plugin built with `defines`.
    func plugin(defines: [String] = []) throws -> PluginLibrary {
        let key = defines.joined(separator: ",")
        if let plugin = built[key] { return plugin }
        let name = "libfaulty\(built.count).so"
        let path = try TestEnvironment.compileCPlugin(source: "faulty_plugin.c", name: name, defines: defines, into: directory)
        let plugin = try PluginLibrary(path: path.path)
        built[key] = plugin
        return plugin
    }
}
