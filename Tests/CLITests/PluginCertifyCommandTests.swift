import Foundation
import TestSupport
import XCTest

/// `tollbook plugin certify`, end to end: the bundled plugins certify clean against their
/// fixtures, and each deliberately broken test plugin fails the check that targets its defect.
final class PluginCertifyCommandTests: CLITestCase {
    /// A fixed seed, so that failures here replay with `--seed 20261129`.
    private let seed = "20261129"

    private struct Report {
        let json: [String: Any]
        let status: Int32
        /// Check id → status.
        var statuses: [String: String] {
            Dictionary(uniqueKeysWithValues: checks.compactMap { check in
                (check["id"] as? String).map { ($0, check["status"] as? String ?? "") }
            })
        }
        var checks: [[String: Any]] { json["checks"] as? [[String: Any]] ?? [] }
        /// Ids of checks that failed or crashed.
        var failing: [String: String] { statuses.filter { $0.value == "failed" || $0.value == "crashed" } }
        func detail(_ id: String) -> String {
            checks.first { $0["id"] as? String == id }?["detail"] as? String ?? ""
        }
    }

    private func certify(_ plugin: URL, corpus: String?, extra: [String] = []) throws -> Report {
        var arguments = ["plugin", "certify", plugin.path, "--seed", seed, "--format", "json"] + extra
        if let corpus { arguments += ["--corpus", TestEnvironment.fixtures.appendingPathComponent(corpus).path] }
        let result = try tollbook(arguments)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                 "no JSON report: \(result.stderr)")
        return Report(json: json, status: result.status)
    }

    private func pipePlugin(_ defines: [String], name: String) throws -> URL {
        try TestEnvironment.compileCPlugin(name: name, defines: defines, into: directory)
    }

    func testTheFourBundledPluginsCertifyAgainstTheirFixtures() throws {
        let bundled = [("Cisco", "cisco", "cisco.cucm"), ("Unify", "unify", "unify.osbiz"),
                       ("Innovaphone", "innovaphone", "innovaphone.pbx"), ("Swyx", "swyx", "swyx.swyxware")]
        for (library, fixtures, id) in bundled {
            let plugin = TestEnvironment.productsDirectory.appendingPathComponent("libTollbook\(library).so")
            let report = try certify(plugin, corpus: fixtures)
            XCTAssertEqual(report.failing, [:], "\(id) should certify clean")
            XCTAssertEqual(report.status, 0, id)
            XCTAssertEqual(report.statuses.count, 21, id)
            XCTAssertEqual(report.statuses.values.filter { $0 == "skipped" }.count, 0, id)
            let identity = try XCTUnwrap(report.json["plugin"] as? [String: Any])
            XCTAssertEqual(identity["id"] as? String, id)
            XCTAssertEqual(identity["path"] as? String, plugin.path)
            XCTAssertEqual((identity["sha256"] as? String)?.count, 64)
            XCTAssertEqual(report.json["suite_version"] as? String, "1.0.0")
            XCTAssertEqual((report.json["seed"] as? NSNumber)?.uint64Value, UInt64(seed))
            XCTAssertEqual((report.json["summary"] as? [String: Any])?["certified"] as? Bool, true)
        }
    }

    func testTheCleanPipePluginCertifiesWithWarningsForUTF8PassedThrough() throws {
        let report = try certify(try pipePlugin([], name: "libpipe.so"), corpus: "pipe")
        XCTAssertEqual(report.failing, [:])
        XCTAssertEqual(report.status, 0)
        XCTAssertEqual(report.statuses["robust.invalid_utf8"], "warning")
        XCTAssertTrue(report.detail("robust.invalid_utf8").contains("not valid UTF-8"))
        XCTAssertEqual(report.statuses["corpus.chunking"], "passed")
        XCTAssertEqual(report.detail("corpus.byte_accounting"),
                       "2825 bytes in 2 files accounted for: 52 records, 1 rejects, 5 skipped spans")
    }

    func testWrongMagicFailsLoadMagicAndSkipsTheRest() throws {
        let report = try certify(try pipePlugin(["TEST_BAD_MAGIC"], name: "libmagic.so"), corpus: "pipe")
        XCTAssertEqual(report.failing, ["load.magic": "failed"])
        XCTAssertEqual(report.detail("load.magic"), "magic 0xdeadbeef, expected 0x31504254. "
                       + "Rule: the descriptor starts with TB_ABI_MAGIC. "
                       + "Fix: set descriptor.magic = TB_ABI_MAGIC and return a pointer to the descriptor itself.")
        let magic = try XCTUnwrap(report.checks.first { $0["id"] as? String == "load.magic" })
        XCTAssertEqual(magic["rule"] as? String, "the descriptor starts with TB_ABI_MAGIC")
        XCTAssertEqual(magic["fix"] as? String, "set descriptor.magic = TB_ABI_MAGIC and return a pointer to the descriptor itself")
        let passed = try XCTUnwrap(report.checks.first { $0["id"] as? String == "load.entry_symbol" })
        XCTAssertNil(passed["fix"])
        XCTAssertEqual(report.statuses["load.entry_symbol"], "passed")
        XCTAssertEqual(report.statuses.values.filter { $0 == "skipped" }.count, 19)
        XCTAssertEqual(report.status, 1)
    }

    func testChunkDependentOutputFailsCorpusChunking() throws {
        let report = try certify(try pipePlugin(["CERT_CHUNK_DEPENDENT"], name: "libchunk.so"), corpus: "pipe")
        XCTAssertEqual(report.failing, ["corpus.chunking": "failed"])
        XCTAssertTrue(report.detail("corpus.chunking").hasPrefix("calls.txt: 1-byte chunks differ from whole input"), report.detail("corpus.chunking"))
        XCTAssertEqual(report.status, 1)
    }

    func testLostBytesFailByteAccounting() throws {
        let report = try certify(try pipePlugin(["CERT_LOSES_BYTES"], name: "libloses.so"), corpus: "pipe")
        XCTAssertEqual(report.statuses["corpus.byte_accounting"], "failed")
        XCTAssertEqual(report.detail("corpus.byte_accounting"),
                       "calls.txt: bytes 0..<68 are in no record, reject or skipped span (replay with --seed \(seed)). "
                       + "Rule: every input byte lies in exactly one record, reject or skipped span. "
                       + "Fix: hand every byte over: records for calls, rejects for unreadable input, TB_REJECT_SKIPPED rejects "
                       + "for headers, blank lines and comments; consume everything at TB_FEED_END_OF_INPUT.")
        // The robustness checks apply the same accounting rule to their inputs.
        XCTAssertEqual(Set(report.failing.keys), ["corpus.byte_accounting", "robust.random_bytes", "robust.truncated",
                                                  "robust.mutated", "robust.overlong_fields", "robust.invalid_utf8"])
        XCTAssertEqual(report.status, 1)
    }

    func testCrashOnMutatedInputIsCrashedWithTheSignalAndInput() throws {
        let report = try certify(try pipePlugin(["CERT_CRASH_ON_MARKER"], name: "libcrash.so"), corpus: "pipe")
        XCTAssertEqual(report.failing, ["robust.mutated": "crashed", "robust.random_bytes": "crashed", "robust.invalid_utf8": "crashed"])
        XCTAssertTrue(report.detail("robust.mutated").hasPrefix("killed by signal SIGSEGV while at: robust.mutated: calls.txt mutant #"),
                      report.detail("robust.mutated"))
        XCTAssertTrue(report.detail("robust.mutated").hasSuffix(
            "Fix: feed() must never crash, hang or exhaust memory on any input: replay with --check robust.mutated and the seed, "
            + "run the worker under gdb or valgrind, and turn what the plugin cannot read into a reject."), report.detail("robust.mutated"))
        XCTAssertEqual(report.status, 1)
    }

    func testEndBeforeStartFailsFieldSanity() throws {
        let report = try certify(try pipePlugin(["TEST_END_BEFORE_START"], name: "libbackwards.so"), corpus: "pipe",
                                 extra: ["--check", "corpus"])
        XCTAssertEqual(report.statuses["corpus.field_sanity"], "failed")
        XCTAssertEqual(report.detail("corpus.field_sanity"),
                       "calls.txt: the host refused a record at offset 68: invalid record from the connector: end lies before start "
                       + "(replay with --seed \(seed)). Rule: \(fieldSanityRule). Fix: \(fieldSanityFix).")
        XCTAssertEqual(report.status, 1)
    }

    private let fieldSanityRule = "the host accepts every corpus record, whose times are ordered (start <= answer <= end, in UTC or "
        + "local time), dates plausible, numbers in the number alphabet and strings valid UTF-8"
    private let fieldSanityFix = "emit times with start <= answer <= end (for TB_TIME_LOCAL as wall-clock times of the PBX; certify "
        + "with --timezone set to the corpus's zone), put only a dial string (0-9 + * # and X x ? for masked digits) or a sip:/tel: URI in number fields and names or anything else "
        + "in remote_device or extras, and hand over valid UTF-8"

    /// The same defect in local wall-clock time was certified 21/21: the host turned each record
    /// into an out-of-range reject, which the suite did not look at. Now exactly field sanity fails.
    func testEndBeforeStartInLocalTimeFailsExactlyFieldSanity() throws {
        let plugin = try pipePlugin(["TEST_LOCAL_TIME", "TEST_END_BEFORE_START"], name: "libbackwardslocal.so")
        let report = try certify(plugin, corpus: "pipe", extra: ["--timezone", "Europe/Berlin"])
        XCTAssertEqual(report.failing, ["corpus.field_sanity": "failed"])
        XCTAssertEqual(report.statuses.count, 21)
        XCTAssertEqual(report.detail("corpus.field_sanity"),
                       "calls.txt: record at offset 68: end before start in local wall-clock time (TB_TIME_LOCAL read in time "
                       + "zone Europe/Berlin; the host refused the record) (40 records with problems in this file) "
                       + "(replay with --seed \(seed)). Rule: \(fieldSanityRule). Fix: \(fieldSanityFix).")
        XCTAssertEqual(report.status, 1)
        // The correctly ordered local-time plugin certifies with the same zone.
        let ordered = try certify(try pipePlugin(["TEST_LOCAL_TIME"], name: "libordered.so"), corpus: "pipe",
                                  extra: ["--timezone", "Europe/Berlin", "--check", "corpus"])
        XCTAssertEqual(ordered.failing, [:])
        XCTAssertEqual(ordered.statuses["corpus.field_sanity"], "passed")
    }

    func testAnUnknownTimeZoneIsRefused() throws {
        let result = try tollbook(["plugin", "certify", "/nonexistent.so", "--timezone", "Mars/Olympus"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--timezone 'Mars/Olympus' is not an IANA time zone name"), result.stderr)
    }

    func testWrongStructSizesFail() throws {
        let descriptor = try certify(try pipePlugin(["CERT_WRONG_DESCRIPTOR_SIZE"], name: "libdescsize.so"), corpus: "pipe",
                                     extra: ["--check", "load"])
        XCTAssertEqual(descriptor.failing, ["load.struct_sizes": "failed"])
        XCTAssertTrue(descriptor.detail("load.struct_sizes").contains("differs from sizeof(tb_plugin_descriptor) 160 of the same ABI version. Rule: "),
                      descriptor.detail("load.struct_sizes"))
        let stride = try certify(try pipePlugin(["TEST_SMALL_STRIDE"], name: "libstride.so"), corpus: "pipe",
                                 extra: ["--check", "corpus.byte_accounting"])
        XCTAssertEqual(stride.failing, ["corpus.byte_accounting": "failed"])
        XCTAssertTrue(stride.detail("corpus.byte_accounting").contains("record stride 16 is smaller than a version 1.0 record (408)"),
                      stride.detail("corpus.byte_accounting"))
    }

    func testLeakFailsMemoryGrowth() throws {
        let report = try certify(try pipePlugin(["CERT_LEAK"], name: "libleak.so"), corpus: "pipe")
        XCTAssertEqual(report.failing, ["resources.memory_growth": "failed"])
        let check = try XCTUnwrap(report.checks.first { $0["id"] as? String == "resources.memory_growth" })
        XCTAssertGreaterThan((check["metrics"] as? [String: Any])?["growth_kb"] as? Double ?? 0, 8192)
        XCTAssertEqual(report.status, 1)
    }

    func testDescriptorLeakFailsFDThreadLeak() throws {
        let report = try certify(try pipePlugin(["CERT_FD_LEAK"], name: "libfdleak.so"), corpus: "pipe")
        XCTAssertEqual(report.failing, ["resources.fd_thread_leak": "failed"])
        XCTAssertTrue(report.detail("resources.fd_thread_leak").hasPrefix("100 file descriptors left open"))
    }

    func testHangIsCrashedWithATimeout() throws {
        let report = try certify(try pipePlugin(["CERT_HANG"], name: "libhang.so"), corpus: "pipe",
                                 extra: ["--timeout", "3", "--check", "robust", "--check", "load.entry_symbol"])
        XCTAssertEqual(report.failing, ["robust.overlong_fields": "crashed"])
        XCTAssertTrue(report.detail("robust.overlong_fields").hasPrefix("timed out after 3 s while at: robust.overlong_fields: calls.txt with a 64 KiB field #1"),
                      report.detail("robust.overlong_fields"))
        XCTAssertEqual(report.statuses.count, 7)
        XCTAssertEqual(report.status, 1)
    }

    func testTheSameSeedReplaysTheSameInputs() throws {
        let plugin = try pipePlugin([], name: "libpipe.so")
        let first = try certify(plugin, corpus: "pipe", extra: ["--check", "robust", "--check", "corpus"])
        let second = try certify(plugin, corpus: "pipe", extra: ["--check", "robust", "--check", "corpus"])
        func details(_ report: Report) -> [String] { report.checks.map { "\($0["id"] ?? ""): \($0["status"] ?? "") \($0["detail"] ?? "")" } }
        XCTAssertEqual(details(first), details(second))
        XCTAssertEqual(first.checks.count, 10)
    }

    func testWithoutCorpusTheCorrectnessChecksAreSkippedAndRobustnessStillRuns() throws {
        let report = try certify(try pipePlugin([], name: "libpipe.so"), corpus: nil, extra: ["--check", "corpus", "--check", "robust.mutated"])
        XCTAssertEqual(report.statuses["corpus.chunking"], "skipped")
        XCTAssertEqual(report.detail("corpus.chunking"), "no --corpus given")
        XCTAssertTrue(report.detail("robust.mutated").hasPrefix("96 inputs"), report.detail("robust.mutated"))
        XCTAssertEqual(report.status, 0)
    }

    func testTextReportNamesPluginHashSuiteAndSeed() throws {
        let plugin = try pipePlugin(["TEST_BAD_MAGIC"], name: "libmagic.so")
        let result = try tollbook(["plugin", "certify", plugin.path, "--seed", "7", "--check", "load"])
        XCTAssertEqual(result.status, 1)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        XCTAssertEqual(lines.first, "Tollbook plugin certification, suite 1.0.0")
        XCTAssertEqual(lines[1], "plugin:  (descriptor unreadable)")
        XCTAssertEqual(lines[2], "file:    \(plugin.path)")
        XCTAssertTrue(lines[3].hasPrefix("sha256:  ") && lines[3].count == 9 + 64, lines[3])
        XCTAssertEqual(lines[4], "seed:    7")
        XCTAssertTrue(lines[6].hasPrefix("CHECK "), lines[6])
        let magic = try XCTUnwrap(lines.first { $0.hasPrefix("load.magic ") })
        XCTAssertEqual(magic.split(separator: " ", omittingEmptySubsequences: true).prefix(2), ["load.magic", "failed"])
        XCTAssertEqual(lines.last, "NOT CERTIFIED: 1 passed, 1 failed, 0 crashed, 6 skipped, 0 warnings")
    }

    func testUnknownCheckIdIsAnError() throws {
        let result = try tollbook(["plugin", "certify", "/nonexistent.so", "--check", "load.nothing"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("no check is named 'load.nothing'"), result.stderr)
    }
}
