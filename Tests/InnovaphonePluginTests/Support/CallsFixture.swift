import PluginTestSupport
import TollbookCore
import XCTest

/// `calls.xml`: start time of the first call (2026-03-02T09:00:00Z); every call starts 600 s
/// after the previous one (see the fixture README).
let t: Int64 = 1_772_442_000

/// The records of `calls.xml`, parsed once per test.
func callRecords() throws -> [CallRecord] {
    try Innovaphone.fixture("calls.xml").records
}

/// `guid:dir:utc:conf` of a fixture CDR without `id` (guid suffix, dir, start, conf suffix).
func fid(_ object: String, _ dir: String, _ utc: Int64, _ conf: String) -> String {
    "0b1ec7000000000000000000\(object):\(dir):\(utc):\(cf(conf))"
}

/// A fixture conf GUID from its last two digits.
func cf(_ n: String) -> String { "c0f000000000000000000000000000" + n }

/// Extras of a user CDR.
func user(_ billable: String, _ dir: String, _ object: String, _ more: [String: String] = [:]) -> [String: String] {
    var e = ["billable": billable, "dir": dir, "object": object, "local_offset_s": "3600"]
    for (k, v) in more { e[k] = v }
    return e
}
