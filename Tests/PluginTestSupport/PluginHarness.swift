import Foundation
import Host
import TestSupport
import TollbookCore
import XCTest

/// Drives a built connector plugin through the real host (dlopen, ABI checks, parser sessions) for
/// tests: parse bytes or fixtures, in any chunk size, and check robustness.
public struct PluginHarness {
    /// The loaded plugin.
    public let plugin: PluginLibrary

    /// Loads `lib<product>.so` from the build products directory (e.g. `TollbookUnify`).
    public init(product: String) throws {
        plugin = try PluginLibrary(path: TestEnvironment.productsDirectory.appendingPathComponent("lib\(product).so").path)
    }

    /// Loads the plugin at `path` (e.g. an SDK example built into a temporary directory).
    public init(path: String) throws {
        plugin = try PluginLibrary(path: path)
    }

    /// Everything a parse produced.
    public struct Outcome {
        /// The call records, in order.
        public var records: [CallRecord]
        /// The quarantined spans, in order.
        public var rejects: [QuarantinedInput]
        /// Number of skipped spans.
        public var skipped: Int
        /// The skipped spans, in the order the plugin reported them.
        public var skippedSpans: [SourceSpan] = []
    }

    /// Parses `bytes` fed in chunks of `chunkSize` bytes.
    /// - Parameters:
    ///   - options: the options object as JSON.
    ///   - timeZone: the source's IANA zone (for local wall-clock times).
    public func parse(_ bytes: [UInt8], options: String = "{}", chunkSize: Int = 1 << 20,
                      timeZone: String = "Europe/Berlin", sourceName: String = "test") throws -> Outcome {
        guard let converter = WallClockConverter(identifier: timeZone) else { throw HostError.unknownTimeZone(timeZone) }
        let session = try ParserSession(plugin: plugin, optionsJSON: options, sourceName: sourceName, timeZone: converter)
        var outcome = Outcome(records: [], rejects: [], skipped: 0)
        func collect() {
            let output = session.takeOutput()
            outcome.records += output.records
            outcome.rejects += output.rejects
            outcome.skipped += output.skipped
            outcome.skippedSpans += output.skippedSpans
        }
        var index = 0
        while index < bytes.count {
            let end = min(index + max(1, chunkSize), bytes.count)
            try bytes[index..<end].withUnsafeBytes { try session.feed($0) }
            collect()
            index = end
        }
        try session.finish()
        collect()
        return outcome
    }

    /// Parses a file under `Tests/Fixtures/`.
    public func parseFixture(_ relativePath: String, options: String = "{}", chunkSize: Int = 1 << 20,
                             timeZone: String = "Europe/Berlin") throws -> Outcome {
        try parse(try Self.fixture(relativePath), options: options, chunkSize: chunkSize, timeZone: timeZone,
                  sourceName: (relativePath as NSString).lastPathComponent)
    }

    /// The bytes of a file under `Tests/Fixtures/`.
    public static func fixture(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: TestEnvironment.fixtures.appendingPathComponent(relativePath)))
    }

    /// The bytes of a public vendor sample (`"<vendor>/<path>"` under `Tests/Fixtures/<vendor>/samples/`).
    public static func sharedSample(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: TestEnvironment.vendorSample(relativePath)))
    }

    /// Asserts that feeding `bytes` whole, in 1-, 7- and 4096-byte chunks gives the same records,
    /// rejects and skipped count.
    public func assertChunkingDoesNotMatter(_ bytes: [UInt8], options: String = "{}", timeZone: String = "Europe/Berlin",
                                            file: StaticString = #filePath, line: UInt = #line) throws {
        let whole = try parse(bytes, options: options, timeZone: timeZone)
        for size in [1, 7, 4096] {
            let split = try parse(bytes, options: options, chunkSize: size, timeZone: timeZone)
            XCTAssertEqual(split.records, whole.records, "records differ with \(size)-byte chunks", file: file, line: line)
            XCTAssertEqual(split.rejects, whole.rejects, "rejects differ with \(size)-byte chunks", file: file, line: line)
            XCTAssertEqual(split.skipped, whole.skipped, "skipped differ with \(size)-byte chunks", file: file, line: line)
        }
    }

    /// Feeds hostile input — random bytes, every prefix-truncation of `sample` at a few points,
    /// invalid UTF-8, a 2 MiB line without a line break, NUL bytes — and asserts that the plugin
    /// neither fails nor crashes, that nothing it returns breaks the host's checks, and that
    /// random noise gives no records at all.
    public func assertSurvivesHostileInput(sample: [UInt8], options: String = "{}", seed: UInt64 = 42,
                                           file: StaticString = #filePath, line: UInt = #line) throws {
        var generator = SeededGenerator(seed: seed)
        let noise = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let noiseOutcome = try parse(noise, options: options, chunkSize: 65_536)
        XCTAssertEqual(noiseOutcome.records, [], "random bytes produced records", file: file, line: line)
        XCTAssertFalse(noiseOutcome.rejects.isEmpty, "random bytes produced no rejects", file: file, line: line)
        XCTAssertFalse(noiseOutcome.rejects.contains { $0.reason == .pluginViolation },
                       "random bytes made the plugin break the contract", file: file, line: line)
        for fraction in [1, 3, 5, 7, 9] where !sample.isEmpty {
            let cut = sample.count * fraction / 10
            let outcome = try parse(Array(sample[..<cut]), options: options, chunkSize: 13)
            XCTAssertFalse(outcome.rejects.contains { $0.reason == .pluginViolation },
                           "truncated input at \(cut) made the plugin break the contract", file: file, line: line)
        }
        var mutated = sample
        for _ in 0..<max(1, sample.count / 50) where !mutated.isEmpty {
            mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0x80...0xFF, using: &generator)
        }
        let mutatedOutcome = try parse(mutated, options: options)
        XCTAssertFalse(mutatedOutcome.rejects.contains { $0.reason == .pluginViolation },
                       "invalid UTF-8 made the plugin break the contract", file: file, line: line)
        let hugeLine = [UInt8](repeating: UInt8(ascii: "7"), count: 2 << 20) + [0x0A] + sample
        let hugeOutcome = try parse(hugeLine, options: options, chunkSize: 65_536)
        XCTAssertFalse(hugeOutcome.rejects.contains { $0.reason == .pluginViolation },
                       "a huge line made the plugin break the contract", file: file, line: line)
        let nuls = [UInt8](repeating: 0, count: 4096)
        XCTAssertEqual(try parse(nuls, options: options).records, [], "NUL bytes produced records", file: file, line: line)
    }
}

/// A small deterministic random number generator (SplitMix64) so that failures can be replayed.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    /// Creates a generator for `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
