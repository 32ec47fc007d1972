import Foundation
import Rating

/// A self-contained throughput benchmark for the rater (the `RatingBench` executable; its test,
/// `RatingBenchmarkRunsTests`, imports this executable module).
public enum RatingBenchmark {
    /// The outcome of one benchmark run.
    public struct Result: Sendable {
        /// Calls rated per second of wall time (monotonic clock).
        public let callsPerSecond: Double
        /// Calls rated.
        public let calls: Int
        /// Prefixes in the synthetic tariff.
        public let prefixes: Int
        /// Calls that came out rated (the rest matched no prefix).
        public let rated: Int
        /// Sum of all costs in minor units (keeps the work observable).
        public let totalCostMinor: Int64
        /// Elapsed seconds of the rating loop (tariff parsing and call generation excluded).
        public let seconds: Double
    }

    /// Rates `calls` synthetic calls against a generated tariff with `prefixes` prefixes in 100
    /// zones, peak/off-peak/weekend bands, 60/1 increments, on one thread.
    /// - Parameter summary: use ``Rater/rateSummary(_:)`` (what import stores) instead of
    ///   ``Rater/rate(_:)`` (the full derivation for `--explain`).
    public static func run(calls: Int, prefixes: Int, summary: Bool = false) -> Result {
        let text = syntheticTariff(prefixes: prefixes)
        guard let tariff = try? TariffFile.parse(contents: text, fileName: "benchmark.ini"),
              let zone = TimeZone(identifier: "Europe/Berlin") else {
            return Result(callsPerSecond: 0, calls: 0, prefixes: prefixes, rated: 0, totalCostMinor: 0, seconds: 0)
        }
        let rater = Rater(tariffs: [tariff], selection: .single("bench"), timeZone: zone)
        var generator = SplitMix(state: 42)
        let count = max(prefixes, 1)
        let requests: [RatingRequest] = (0..<max(calls, 0)).map { _ in
            let prefix = benchPrefix(Int(generator.next() % UInt64(count)))
            let digits = String(generator.next() % 10_000_000)
            return RatingRequest(destination: prefix + digits, category: "international",
                                 startUTC: 1_767_225_600_000 + Int64(generator.next() % 31_536_000) * 1000,
                                 talkDurationMs: Int64(generator.next() % 600_000))
        }
        var rated = 0
        var total: Int64 = 0
        let clock = ContinuousClock()
        let begin = clock.now
        if summary {
            for request in requests {
                if case .rated(let costMinor, _) = rater.rateSummary(request) {
                    rated += 1
                    total &+= costMinor
                }
            }
        } else {
            for request in requests {
                if case .rated(let call) = rater.rate(request) {
                    rated += 1
                    total &+= call.costMinor
                }
            }
        }
        let elapsed = clock.now - begin
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(callsPerSecond: seconds > 0 ? Double(requests.count) / seconds : 0, calls: requests.count,
                      prefixes: prefixes, rated: rated, totalCostMinor: total, seconds: seconds)
    }

    /// The `index`-th synthetic prefix: distinct, nested (`+10`, `+100`, …) like real numbering plans.
    static func benchPrefix(_ index: Int) -> String { "+" + String(10 + index) }

    /// A tariff file with `prefixes` prefixes spread over 100 zones.
    static func syntheticTariff(prefixes: Int) -> String {
        var text = """
        [provider]
        id = bench
        holidays = DE
        [bands]
        peak = Mon-Fri 08:00-18:00
        offpeak = Mon-Fri 00:00-08:00, Mon-Fri 18:00-24:00
        weekend = Sat-Sun 00:00-24:00, holiday 00:00-24:00

        """
        let zoneCount = 100
        var lists = [[String]](repeating: [], count: zoneCount)
        for index in 0..<max(prefixes, 1) { lists[index % zoneCount].append(benchPrefix(index)) }
        for (zone, list) in lists.enumerated() where !list.isEmpty {
            text += "[zone Z\(zone)]\nprefixes = \(list.joined(separator: ", "))\n"
        }
        text += "[version v1]\nvalid_from = 2020-01-01\n"
        for (zone, list) in lists.enumerated() where !list.isEmpty {
            text += "Z\(zone)@peak = \(zone + 1).5 ct/min 60/1 setup 1 ct\n"
            text += "Z\(zone)@offpeak = \(zone / 2 + 1) ct/min 60/1\n"
            text += "Z\(zone)@weekend = \(zone / 4 + 1) ct/min 60/60 min 2 ct\n"
        }
        return text
    }
}

/// A tiny deterministic random generator (SplitMix64) for synthetic calls.
struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
