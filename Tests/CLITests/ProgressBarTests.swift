import Foundation
import TestSupport
import XCTest

/// The import progress bar: shown on a terminal for large files, never in pipes or logs.
final class ProgressBarTests: CLITestCase {
    private func writeLargePipeFile() throws -> URL {
        // ~9.5 MiB of the C test plugin's format: over the bar's 8 MiB threshold.
        var text = ""
        text.reserveCapacity(10_000_000)
        let padding = String(repeating: "9", count: 60)
        for index in 0..<100_000 {
            text += "\(index)|\(1_700_000_000 + index)|0|\(1_700_000_030 + index)|100|\(padding)\n"
        }
        let file = directory.appendingPathComponent("big.pipe")
        try Data(text.utf8).write(to: file)
        return file
    }

    func testBarIsShownOnATerminal() throws {
        let plugins = directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(name: "libpipe.so", into: plugins)
        let file = try writeLargePipeFile()
        // `script` runs the command on a pseudo-terminal and copies what it shows to our stdout.
        let command = [TestEnvironment.tollbookExecutable.path, "import", "--db", database, "--plugin-dir", plugins.path,
                       "--allow-unsigned", "--connector", "test.pipe", file.path].joined(separator: " ")
        let result = try TestEnvironment.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("big.pipe ["), result.stdout)
        XCTAssertTrue(result.stdout.contains("] 100% "), result.stdout)
        XCTAssertTrue(result.stdout.contains("MiB/s"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\(file.path): 100000 imported"), result.stdout)
    }

    func testNoBarWhenOutputIsNotATerminal() throws {
        let plugins = directory.appendingPathComponent("plugins")
        try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
        try TestEnvironment.compileCPlugin(name: "libpipe.so", into: plugins)
        let file = try writeLargePipeFile()
        let result = try tollbook(["import", "--db", database, "--plugin-dir", plugins.path, "--allow-unsigned", "--connector", "test.pipe",
                                   file.path])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.stdout, "\(file.path): 100000 imported, 0 duplicates, 0 rejected, 0 skipped\n")
    }
}
