import Numbering
import XCTest

/// Normalising runs for every number of every imported call; this keeps an eye on its cost.
final class NormalisingIsCheapTests: XCTestCase {
    func testTenThousandMixedNumbers() {
        let normaliser = NumberNormaliser(plan: TestPlans.cisco)
        let samples: [(String, NumberRole)] = [
            ("00305550123", .dialled), ("+4917655501234", .presented), ("2001", .internal),
            ("0010130301234567", .dialled), ("0891234XXXX", .presented), ("", .presented),
            ("sip:2001@cucm.example.com", .dialled), ("004989555010", .presented),
        ]
        var local = 0
        measure {
            local = 0
            for index in 0..<10_000 {
                let (raw, role) = samples[index % samples.count]
                if normaliser.normalise(raw, role: role).category == .local { local += 1 }
            }
        }
        XCTAssertEqual(local, 2500)
    }
}
