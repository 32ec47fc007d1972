import Foundation
import Journal
import XCTest

/// `tollbook journal verify`: a summary per directory, JSON with stable fields, exit 1 on problems.
final class JournalVerifyCommandTests: CLITestCase {
    /// Writes a journal of one three-entry stream received at 2025-03-03T08:00:00Z, +1 s, +2 s.
    func makeJournal(_ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        let times = TimeBox()
        let writer = try JournalWriter(directory: path, clock: times.next)
        let stream = try writer.append(stream: nil, flags: .begin, origin: "cdr_1.csv", payload: Array("abc".utf8))
        _ = try writer.append(stream: stream, flags: [], origin: "", payload: Array("defg".utf8))
        _ = try writer.appendDurably(stream: stream, flags: .end, origin: "", payload: Array("h".utf8))
        try writer.close()
        return path
    }

    /// Receive times one second apart.
    final class TimeBox: @unchecked Sendable {
        private let lock = NSLock()
        private var now: Int64 = 1_740_988_800_000
        var next: @Sendable () -> Int64 {
            { [self] in
                lock.lock()
                defer { lock.unlock() }
                now += 1000
                return now - 1000
            }
        }
    }

    func testSoundJournalPrintsASummaryAndExitsZero() throws {
        let path = try makeJournal("journal")
        let result = try tollbook(["journal", "verify", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            \(path): ok
              1 segments, 3 entries, 8 payload bytes, 1 streams
              seq 1 to 3
              received 2025-03-03T08:00:00Z to 2025-03-03T08:00:02Z

            """)
    }

    func testTornTailIsAProblemInJSONAndExitsOne() throws {
        let sound = try makeJournal("sound")
        let torn = try makeJournal("torn")
        let segment = torn + "/00000000000000000001.tbj"
        // Entries: 32 (file header) + 40 + 9 + 3, + 40 + 4, + 40 + 1 = 169 bytes; cut the last entry short.
        XCTAssertEqual(truncate(segment, 150), 0)
        let result = try tollbook(["journal", "verify", "--format", "json", sound, torn])
        XCTAssertEqual(result.status, 1, result.stderr)
        let objects = try XCTUnwrap(try json(result.stdout) as? [[String: Any]])
        XCTAssertEqual(objects.count, 2)
        XCTAssertEqual(objects[0]["directory"] as? String, sound)
        XCTAssertEqual(objects[0]["segments"] as? Int, 1)
        XCTAssertEqual(objects[0]["entries"] as? Int, 3)
        XCTAssertEqual(objects[0]["bytes"] as? Int, 8)
        XCTAssertEqual(objects[0]["streams"] as? Int, 1)
        XCTAssertEqual(objects[0]["first_seq"] as? Int, 1)
        XCTAssertEqual(objects[0]["last_seq"] as? Int, 3)
        XCTAssertEqual(objects[0]["first_received"] as? String, "2025-03-03T08:00:00Z")
        XCTAssertEqual(objects[0]["last_received"] as? String, "2025-03-03T08:00:02Z")
        XCTAssertEqual((objects[0]["problems"] as? [Any])?.count, 0)
        XCTAssertEqual(objects[1]["entries"] as? Int, 2)
        XCTAssertEqual(objects[1]["last_received"] as? String, "2025-03-03T08:00:01Z")
        let problems = try XCTUnwrap(objects[1]["problems"] as? [[String: Any]])
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?["segment"] as? String, "00000000000000000001.tbj")
        XCTAssertEqual(problems.first?["offset"] as? Int, 128)
        XCTAssertEqual(problems.first?["problem"] as? String, "torn tail: 22 bytes of an unfinished entry")
    }

    func testMissingDirectoryIsAProblem() throws {
        let missing = directory.appendingPathComponent("nope").path
        let result = try tollbook(["journal", "verify", missing])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, """
            \(missing): 1 problem
              0 segments, 0 entries, 0 payload bytes, 0 streams
              problem: journal: \(missing) is not a directory

            """)
    }
}
