import Foundation
import TollbookCore

/// Feeds a file through a plugin exactly as the host's import does — windows of new bytes after
/// the ones the plugin left unconsumed, then a separate end-of-input call — and hands every step's
/// output to a caller, without a store: the vendor's test harness (`tollbook plugin run`).
public enum PluginRun {
    /// How the file is cut into the chunks that are read and fed.
    public enum Chunking: Sendable, Equatable {
        /// Every chunk this many bytes (the host reads 1 MiB).
        case fixed(Int)
        /// Chunk sizes drawn from a seeded generator (1 byte to 64 KiB, biased to small ones), so
        /// a plugin that depends on where chunks end is caught; the same seed cuts the same way.
        case random(seed: UInt64)
    }

    /// What one feed call produced.
    public struct Step {
        /// The records, rejects and skipped spans.
        public var output: ParserOutput
        /// The records' times as the plugin reported them, in the order of `output.calls`.
        public var reportedTimes: [ReportedTimes]
        /// Whether this was the end-of-input call.
        public var isEnd: Bool
    }

    /// Totals of a run.
    public struct Summary: Sendable, Equatable {
        /// Bytes of the file.
        public var bytes: UInt64 = 0
        /// `feed` calls made (the end-of-input call included).
        public var feedCalls = 0
        /// Records accepted.
        public var records = 0
        /// Rejects (skipped spans not included).
        public var rejects = 0
        /// Skipped spans.
        public var skipped = 0
    }

    /// Runs the file at `path` through `plugin`.
    /// - Parameter step: receives each feed call's output, in order.
    /// - Throws: ``HostError`` for an unreadable file, refused options, a plugin error or a
    ///   contract violation (what was fed before stays delivered to `step`).
    public static func run(plugin: PluginLibrary, path: String, optionsJSON: String, timeZone: WallClockConverter,
                           chunking: Chunking, step: (Step) throws -> Void) throws -> Summary {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw HostError.unreadableFile(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        defer { try? handle.close() }
        let session = try ParserSession(plugin: plugin, optionsJSON: optionsJSON,
                                        sourceName: (path as NSString).lastPathComponent, timeZone: timeZone)
        session.keepsReportedTimes = true
        var generator = ChunkSizes(chunking)
        var summary = Summary()
        var pending: [UInt8] = []
        func deliver(isEnd: Bool) throws {
            let output = session.takeOutput()
            summary.feedCalls += 1
            summary.records += output.calls.count
            summary.rejects += output.rejects.count
            summary.skipped += output.skipped
            try step(Step(output: output, reportedTimes: session.takeReportedTimes(), isEnd: isEnd))
        }
        while true {
            let data: Data
            do {
                data = try handle.read(upToCount: generator.next()) ?? Data()
            } catch {
                throw HostError.unreadableFile(path: path, reason: error.localizedDescription)
            }
            if data.isEmpty { break }
            summary.bytes += UInt64(data.count)
            pending.append(contentsOf: data)
            let used = try pending.withUnsafeBytes { try session.consume($0, isEnd: false) }
            pending.removeFirst(used)
            if pending.count > ParserSession.maximumPendingBytes {
                throw HostError.contractViolation(connector: plugin.info.id,
                                                  detail: "no complete record in the last \(pending.count) bytes")
            }
            try deliver(isEnd: false)
        }
        _ = try pending.withUnsafeBytes { try session.consume($0, isEnd: true) }
        try deliver(isEnd: true)
        return summary
    }

    /// The chunk sizes of a run.
    struct ChunkSizes {
        let chunking: Chunking
        var state: UInt64

        init(_ chunking: Chunking) {
            self.chunking = chunking
            if case let .random(seed) = chunking { state = seed } else { state = 0 }
        }

        mutating func next() -> Int {
            switch chunking {
            case let .fixed(size):
                return max(1, size)
            case .random:
                // SplitMix64.
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                // Half the chunks 1–16 bytes, a quarter up to 4 KiB, the rest up to 64 KiB.
                switch z % 4 {
                case 0, 1: return Int(1 + (z >> 8) % 16)
                case 2: return Int(1 + (z >> 8) % 4096)
                default: return Int(1 + (z >> 8) % 65536)
                }
            }
        }
    }
}
