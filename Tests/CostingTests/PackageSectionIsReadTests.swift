import TollbookConfiguration
import XCTest

/// The `packages:` section of the configuration file.
final class PackageSectionIsReadTests: XCTestCase {
    private let site = """
        sites:
          - name: berlin
            time_zone: Europe/Berlin
            sources: [cucm]
            numbering: { country_code: "49", area_code: "30", outside_line_prefixes: ["0"] }
            providers: { default: nordtel }

        """

    func testAPackageWithEveryItem() throws {
        let file = try ConfigurationFile.parse(site + """
            packages:
              - name: standard
                base_fee: 4.90
                devices: [{ name: Desk phone, monthly: "2.5" }]
                labour_per_hour: 42
                services:
                  - { name: Setup, once: 25.00, on: 2025-03-10 }
                  - { name: Support, monthly: 1 }
                markup_percent: 12.5
                assign:
                  - { node: Berlin/Sales, from: 2025-01-01 }
                  - { participant: E1001, from: 2025-03-15, to: 2025-06-30 }
            """, path: "/etc/tollbook.yaml")
        let package = try XCTUnwrap(file.packages.first)
        XCTAssertEqual(package.baseFeeMinor, 490)
        XCTAssertEqual(package.devices, [.init(name: "Desk phone", monthlyMinor: 250)])
        XCTAssertEqual(package.labourPerHourMinor, 4200)
        XCTAssertEqual(package.services, [.init(name: "Setup", amountMinor: 2500, schedule: .once(day: "2025-03-10")),
                                          .init(name: "Support", amountMinor: 100, schedule: .monthly)])
        XCTAssertEqual(package.markupBasisPoints, 1250)
        XCTAssertEqual(package.assignments.map(\.target), [.node(path: "Berlin/Sales"), .participant("E1001")])
        XCTAssertEqual(package.assignments.last?.to, "2025-06-30")
    }

    func testErrorsNameFileLineAndKey() {
        let cases: [(String, String)] = [
            ("  - name: p\n    base_fee: -1\n", "packages[0].base_fee"),
            ("  - name: p\n    base_fee: 1.234\n", "packages[0].base_fee"),
            ("  - name: p\n    assign: [{ node: X }]\n", "packages[0].assign[0].from"),
            ("  - name: p\n    assign: [{ node: X, participant: Y, from: 2025-01-01 }]\n", "packages[0].assign[0]"),
            ("  - name: p\n    services: [{ name: S, once: 5 }]\n", "packages[0].services[0]"),
            ("  - name: p\n    color: red\n", "packages[0].color"),
            ("  - name: p\n    assign: [{ node: X, from: 2025-02-30 }]\n", "packages[0].assign[0].from"),
        ]
        for (text, key) in cases {
            XCTAssertThrowsError(try ConfigurationFile.parse(site + "packages:\n" + text, path: "/etc/t.yaml")) { error in
                let problem = error as? ConfigurationError
                XCTAssertEqual(problem?.key, key, text)
                XCTAssertEqual(problem?.file, "/etc/t.yaml")
                XCTAssertGreaterThan(problem?.line ?? 0, 6, text)
            }
        }
    }
}
