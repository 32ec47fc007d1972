import Foundation
import Privacy
import TestSupport
import TollbookConfiguration
import XCTest

/// The policy sub-keys of `privacy:` (packages, default_package, assignments, protected) and a
/// site's `categories:`, with errors naming file, line and key.
final class PrivacyConfigurationTests: XCTestCase {
    private let site = """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            sources: [cucm]
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: testnet }
            categories:
              private_prefixes: ["88", "*7"]
              private_pins: ["9999"]
              project_codes: [P-100]

        """

    private func parse(_ privacy: String, path: String = "/etc/tollbook.yaml") throws -> ConfigurationFile {
        try ConfigurationFile.parse(site + privacy, path: path)
    }

    private func error(_ privacy: String, path: String = "/etc/tollbook.yaml") -> ConfigurationError? {
        do {
            _ = try parse(privacy, path: path)
            return nil
        } catch {
            return error as? ConfigurationError
        }
    }

    func testTheFullPolicyIsRead() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("privacy-config")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("# regulator list, quarter 2\n+49 800 111 0 333\n+49 800 111 0 444 # new\n".utf8)
            .write(to: directory.appendingPathComponent("counselling.txt"))
        let file = try parse("""
            privacy:
              min_group_size: 6
              packages:
                - name: strict
                  private: { number: delete, place: hide }
                  pin: { number: mask 7, time: hide, duration: hide }
              default_package: strict
              assignments:
                - org: Acme/CC-7/T1
                  package: EVN-3
                  from: 2026-06-01
                - participant: E1
                  package: standard
                  from: 2026-07-01
              protected:
                - name: counselling
                  numbers_file: counselling.txt
                - name: works_council
                  numbers: ["+49 30 555 1000"]
                  time: shown
                  duration: long_distance_only
                - name: lawyer
                  label: legal counsel
                  numbers: ["+49305559999"]
            """, path: directory.appendingPathComponent("tollbook.yaml").path)
        XCTAssertEqual(file.sites[0].categories, CategoryRules(privatePrefixes: ["88", "*7"], privatePINs: ["9999"], projectCodes: ["P-100"]))
        let policy = file.privacy.policy
        XCTAssertEqual(file.privacy.minimumGroupSize, 6)
        XCTAssertEqual(policy.defaultPackage.name, "strict")
        XCTAssertEqual(policy.defaultPackage.action(.private, .number), .delete)
        XCTAssertEqual(policy.defaultPackage.action(.private, .place), .hide)
        XCTAssertEqual(policy.defaultPackage.action(.pin, .number), .mask(digits: 7))
        XCTAssertEqual(policy.defaultPackage.action(.business, .number), .show)
        XCTAssertEqual(policy.assignments.all, [
            Privacy.PackageAssignment(target: .orgNode(path: ["Acme", "CC-7", "T1"]), package: "EVN-3", fromMs: 1_780_272_000_000),
            Privacy.PackageAssignment(target: .participant(key: "E1"), package: "standard", fromMs: 1_782_864_000_000),
        ])
        XCTAssertEqual(policy.protected.protectedClass(e164: "+498001110444")?.name, "counselling")
        XCTAssertEqual(policy.protected.protectedClass(e164: "+498001110111")?.name, "counselling", "the preloaded list stays")
        let council = try XCTUnwrap(policy.protected.protectedClass(e164: "+49305551000"))
        XCTAssertEqual(council.label, "works council")
        XCTAssertEqual(council.time, .shown)
        XCTAssertEqual(council.duration, .longDistanceOnly)
        XCTAssertEqual(policy.protected.protectedClass(e164: "+49305559999")?.label, "legal counsel")
        XCTAssertEqual(policy.protected.protectedClass(named: "lawyer")?.time, .hidden, "hidden by default")
    }

    func testWithoutASectionTheStandardPolicyApplies() throws {
        let file = try parse("")
        XCTAssertEqual(file.privacy.policy, .standard)
        XCTAssertEqual(file.sites[0].categories.privatePINs, ["9999"])
    }

    func testBadEntriesAreRefusedWithFileLineAndKey() throws {
        // The site takes 10 lines; `privacy:` is line 11.
        XCTAssertEqual(error("""
            privacy:
              packages:
                - name: strict
                  private: { place: mask 3 }
            """), ConfigurationError(file: "/etc/tollbook.yaml", line: 14, key: "privacy.packages[0].private.place",
                                     message: "only a number can be masked (use show, hide or delete)"))
        XCTAssertEqual(error("""
            privacy:
              packages:
                - name: strict
                  private: { number: blur }
            """)?.key, "privacy.packages[0].private.number")
        XCTAssertEqual(error("""
            privacy:
              default_package: nope
            """), ConfigurationError(file: "/etc/tollbook.yaml", line: 12, key: "privacy.default_package",
                                     message: "no package is named nope (known: EVN-3, standard)"))
        XCTAssertEqual(error("""
            privacy:
              assignments:
                - org: Acme
                  package: standard
                  from: 2026-02-30
            """)?.key, "privacy.assignments[0].from")
        XCTAssertEqual(error("""
            privacy:
              assignments:
                - org: Acme
                  participant: E1
                  package: standard
                  from: 2026-02-01
            """)?.message, "give exactly one of org (an org path) and participant (an employee id)")
        XCTAssertEqual(error("""
            privacy:
              protected:
                - name: dpo
                  numbers: ["0305551000"]
                  time: sometimes
            """), ConfigurationError(file: "/etc/tollbook.yaml", line: 14, key: "privacy.protected[0].numbers[0]",
                                     message: "a protected number must be in E.164 form, starting with + and the country code"))
        XCTAssertEqual(error("""
            privacy:
              protected:
                - name: dpo
                  time: sometimes
            """)?.message, "must be hidden, shown or long_distance_only")
    }

    func testABadLineInANumbersFileIsNamedByThatFileAndLine() throws {
        let directory = try TestEnvironment.makeTemporaryDirectory("privacy-config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let list = directory.appendingPathComponent("council.txt")
        try Data("# works council\n+49305551000\n+49 30 555 10x1\n".utf8).write(to: list)
        let failure = error("""
            privacy:
              protected:
                - name: works_council
                  numbers_file: council.txt
            """, path: directory.appendingPathComponent("tollbook.yaml").path)
        XCTAssertEqual(failure, ConfigurationError(file: list.path, line: 3, key: "privacy.protected[0].numbers_file",
                                                   message: "a protected number may hold only digits, spaces, -, /, ( and )"))
        XCTAssertFalse(failure?.description.contains("10x1") ?? true, "the entry itself is not repeated")
    }

    func testSiteCategoriesAreChecked() {
        let bad = site.replacingOccurrences(of: "private_prefixes: [\"88\", \"*7\"]", with: "private_prefixes: [\"8a\"]")
        XCTAssertThrowsError(try ConfigurationFile.parse(bad, path: "/etc/t.yaml")) { error in
            XCTAssertEqual((error as? ConfigurationError)?.key, "sites[0].categories.private_prefixes[0]")
            XCTAssertEqual((error as? ConfigurationError)?.line, 8)
        }
    }
}
