import Foundation
import TestSupport
import XCTest

/// The systemd units and the install script in `packaging/`.
final class PackagingTests: XCTestCase {
    private let packaging = TestEnvironment.packageRoot.appendingPathComponent("packaging")

    func testUnitsPassSystemdsOwnCheck() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else {
            throw MissingPeer("/usr/bin/systemd-analyze", package: "systemd")
        }
        let directory = try TestEnvironment.makeTemporaryDirectory("tollbook-units")
        defer { try? FileManager.default.removeItem(at: directory) }
        // The units name the installed binary; point them at the built one for the check.
        for unit in ["tollbook-capture.service", "tollbook.target"] {
            let text = try String(contentsOf: packaging.appendingPathComponent("systemd/\(unit)"), encoding: .utf8)
                .replacingOccurrences(of: "/opt/tollbook/bin/tollbook", with: TestEnvironment.tollbookExecutable.path)
            try text.write(to: directory.appendingPathComponent(unit), atomically: true, encoding: .utf8)
        }
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/systemd-analyze"), [
            "verify", "--man=no", directory.appendingPathComponent("tollbook-capture.service").path,
            directory.appendingPathComponent("tollbook.target").path,
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stderr, "")
        let service = try String(contentsOf: packaging.appendingPathComponent("systemd/tollbook-capture.service"), encoding: .utf8)
        XCTAssertTrue(service.contains("ExecReload=/bin/kill -HUP $MAINPID"))
        XCTAssertTrue(service.contains("PartOf=tollbook.target"))
    }

    func testInstallScriptStagesEverythingAndTheExampleConfigurationIsValid() throws {
        let stage = try TestEnvironment.makeTemporaryDirectory("tollbook-stage")
        defer { try? FileManager.default.removeItem(at: stage) }
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/bin/bash"), [packaging.appendingPathComponent("install-systemd.sh").path],
                                             environment: ProcessInfo.processInfo.environment.merging(
                                                ["DESTDIR": stage.path, "RELEASE_DIR": TestEnvironment.productsDirectory.path]) { $1 })
        XCTAssertEqual(result.status, 0, result.stderr)
        for path in ["opt/tollbook/bin/tollbook", "opt/tollbook/bin/libTollbookCisco.so", "etc/systemd/system/tollbook-capture.service",
                     "etc/systemd/system/tollbook.target", "etc/tollbook/tollbook.yaml", "etc/tollbook/tariffs/nordtel.ini"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: stage.appendingPathComponent(path).path), path)
        }
        let check = try TestEnvironment.run(TestEnvironment.tollbookExecutable, [
            "serve", "--check", "--config", stage.appendingPathComponent("etc/tollbook/tollbook.yaml").path,
        ])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.hasSuffix("ok (1 sites, 2 connector instances)\n"), check.stdout)
    }
}
