import Foundation
import Rating
import TestSupport
import TollbookCore
import XCTest

/// Helpers that keep the rating tests short.
enum Fixture {
    static let berlin = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 3600) ?? .current

    /// Parses tariff text or fails the test with all problems.
    static func tariff(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Tariff? {
        do {
            return try TariffFile.parse(contents: text, fileName: "test.ini")
        } catch {
            XCTFail("tariff did not parse:\n\(error)", file: file, line: line)
            return nil
        }
    }

    /// One of the shipped example files under `tariffs/`.
    static func shipped(_ name: String) -> String {
        let url = TestEnvironment.packageRoot.appendingPathComponent("tariffs/\(name)")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// UTC milliseconds of an ISO 8601 text such as `2026-03-02T16:58:30Z`.
    static func utc(_ text: String) -> Int64 { UTCTimestamp.parse(text) ?? Int64.min }

    /// A rater for one tariff as the site's only provider, in Europe/Berlin.
    static func rater(_ tariffs: [Tariff], _ selection: ProviderSelection? = nil) -> Rater {
        Rater(tariffs: tariffs, selection: selection ?? .single(tariffs.first?.provider ?? ""), timeZone: berlin)
    }

    /// An answered call.
    static func call(_ destination: String, _ start: String, seconds: Double, category: String = "national",
                     callByCall: String? = nil) -> RatingRequest {
        RatingRequest(destination: destination, category: category, callByCallPrefix: callByCall, startUTC: utc(start),
                      talkDurationMs: Int64((seconds * 1000).rounded()))
    }
}

extension RatingOutcome {
    /// The rated call, failing the test when the call was not rated.
    func rated(file: StaticString = #filePath, line: UInt = #line) -> RatedCall? {
        guard case .rated(let call) = self else {
            XCTFail("expected a rated call, got \(self)", file: file, line: line)
            return nil
        }
        return call
    }
}
