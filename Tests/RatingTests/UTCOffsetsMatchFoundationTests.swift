import Foundation
@testable import Rating
import XCTest

/// The precomputed offset table agrees with Foundation's TimeZone, also around transitions.
final class UTCOffsetsMatchFoundationTests: XCTestCase {
    func testOffsetsAgreeEveryFewHoursAndAtTransitions() {
        for identifier in ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"] {
            guard let zone = TimeZone(identifier: identifier) else { continue }
            let table = ZoneOffsetTable(timeZone: zone)
            var t: Int64 = 1_577_836_800  // 2020-01-01
            while t < 1_893_456_000 {     // 2030-01-01
                XCTAssertEqual(table.offset(at: t).offset,
                               Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t)))), "\(identifier) \(t)")
                t += 3 * 3600 + 17
            }
            if let transition = zone.nextDaylightSavingTimeTransition(after: Date(timeIntervalSince1970: 1_767_225_600)) {
                let seconds = Int64(transition.timeIntervalSince1970)
                for delta: Int64 in [-1, 0, 1] {
                    XCTAssertEqual(table.offset(at: seconds + delta).offset,
                                   Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds + delta)))))
                }
                XCTAssertEqual(table.offset(at: seconds - 1).nextChange, seconds)
            }
        }
    }
}
