import Foundation
import Host
import TollbookCore

// Parses a generated CUCM-like file (the Cisco fixture's data rows repeated, pkids made unique)
// through IsolatedStreamParser in process and in a worker process, in 1 MiB windows as the
// import reads files, and prints records/s for both and the worker's relative cost.
//
// Usage: IsolationBench [rows] — expects `tollbook` and `libTollbookCisco.so` beside it.

let arguments = CommandLine.arguments
let targetRows = arguments.count > 1 ? Int(arguments[1]) ?? 200_000 : 200_000
let products = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0])
    .deletingLastPathComponent()
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func makeInput() throws -> [UInt8] {
    let fixture = try String(contentsOf: packageRoot.appendingPathComponent("Tests/Fixtures/cisco/cdr_133_basic.txt"), encoding: .utf8)
    let lines = fixture.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    guard lines.count > 2 else { throw CocoaError(.fileReadCorruptFile) }
    let header = lines[0...1].joined(separator: "\n") + "\n"
    let rows = lines[2...].filter { $0.hasPrefix("1,") }
    var bytes = Array(header.utf8)
    var index = 0
    while index < targetRows {
        for row in rows where index < targetRows {
            // Column 133 (the last) of a CUCM row is the pkid: make it unique.
            var fields = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            fields[fields.count - 1] = "\"bench-\(index)\""
            bytes += Array((fields.joined(separator: ",") + "\n").utf8)
            index += 1
        }
    }
    return bytes
}

func run(_ bytes: [UInt8], plugin: PluginLibrary, isolation: ParserIsolation) throws -> (records: Int, seconds: Double) {
    guard let zone = WallClockConverter(identifier: "UTC") else { return (0, 0) }
    let start = DispatchTime.now().uptimeNanoseconds
    let parser = try IsolatedStreamParser(
        plugin: plugin, optionsJSON: "{}", sourceName: "bench", timeZone: zone, isolation: isolation,
        replay: { upTo, body in try bytes[0..<Int(upTo)].withUnsafeBytes { try body($0) } })
    var records = 0
    var window = 1 << 20
    while true {
        // The window starts where the parser stopped: unconsumed bytes are passed again.
        let start = Int(parser.consumedBytes)
        let end = min(start + window, bytes.count)
        let isEnd = end == bytes.count
        let used = try bytes[start..<end].withUnsafeBytes { try parser.consume($0, isEnd: isEnd) }
        records += parser.takeOutput().calls.count
        if isEnd { break }
        window = used == 0 ? window * 2 : 1 << 20
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return (records, seconds)
}

do {
    let bytes = try makeInput()
    let plugin = try PluginLibrary(path: products.appendingPathComponent("libTollbookCisco.so").path)
    let worker = ParserIsolation.worker(WorkerSettings(executable: products.appendingPathComponent("tollbook").path))
    print("input: \(bytes.count >> 20) MiB, \(targetRows) rows")
    _ = try run(Array(bytes.prefix(1 << 20)), plugin: plugin, isolation: .inProcess)  // warm up
    var best: [String: Double] = [:]
    var counts: [String: Int] = [:]
    for _ in 0..<5 {
        for (name, isolation) in [("in-process", ParserIsolation.inProcess), ("worker", worker)] {
            let (records, seconds) = try run(bytes, plugin: plugin, isolation: isolation)
            counts[name] = records
            best[name] = min(best[name] ?? .infinity, seconds)
        }
    }
    for name in ["in-process", "worker"] {
        let seconds = best[name] ?? 0
        print("\(name): \(counts[name] ?? 0) records in \(String(format: "%.3f", seconds)) s = \(String(format: "%.0f", Double(counts[name] ?? 0) / seconds)) records/s")
    }
    let ratio = (best["worker"] ?? 0) / (best["in-process"] ?? 1)
    print(String(format: "worker / in-process time: %.3f (worker mode costs %+.1f %%)", ratio, (ratio - 1) * 100))
} catch {
    FileHandle.standardError.write(Data("IsolationBench: \(error)\n".utf8))
    exit(1)
}
