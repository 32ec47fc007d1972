import Foundation
import TestSupport
import XCTest

/// The SDK is self-contained: a vendor gets `sdk/` alone, so no file in it may point to a file
/// outside `sdk/` (a Markdown link, a `../` path, or a path of the Tollbook repository such as
/// `Sources/Host/…` or `docs/…` that exists there but not in the SDK).
final class SDKDocsStayInsideTheSDKTests: XCTestCase {
    private let sdk = SDKBuilds.sdk.standardizedFileURL
    private let root = TestEnvironment.packageRoot.standardizedFileURL

    func testNoFileInTheSDKPointsOutsideIt() throws {
        var findings: [String] = []
        for file in try textFiles() {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for target in references(in: String(line)) {
                    if let problem = problem(with: target, in: file) {
                        findings.append("\(relative(file)):\(number + 1): \(target): \(problem)")
                    }
                }
            }
        }
        XCTAssertEqual(findings, [], "point to a file inside sdk/ instead, or say it in words")
    }

    func testTheCertificationAndPackageReferencesAreInTheSDK() throws {
        for name in ["certification.md", "plugin-packages.md"] {
            let text = try String(contentsOf: sdk.appendingPathComponent("docs/\(name)"), encoding: .utf8)
            XCTAssertGreaterThan(text.count, 3000, name)
        }
        let certification = try String(contentsOf: sdk.appendingPathComponent("docs/certification.md"), encoding: .utf8)
        for id in ["load.entry_symbol", "corpus.field_sanity", "robust.invalid_utf8", "resources.throughput"] {
            XCTAssertTrue(certification.contains("**`\(id)`** — rule: "), id)
        }
        XCTAssertTrue(certification.contains("--timezone ZONE"))
    }

    /// The scanner itself: it finds each kind of reference that leaves the SDK.
    func testTheScannerFindsReferencesThatLeaveTheSDK() throws {
        let guide = sdk.appendingPathComponent("docs/guide.md")
        let outside = [
            "see [the design](../../docs/capture.md)",
            "as `Sources/Host/PluginLibrary.swift` does",
            "like `Tests/SDKTests`",
            "read `../../../outside/design/PRODUCT.md`",
        ]
        for line in outside {
            let problems = references(in: line).compactMap { problem(with: $0, in: guide) }
            XCTAssertEqual(problems.count, 1, line)
        }
        let inside = [
            "see [versioning](versioning.md) and [the example](../examples/c-minimal/README.md)",
            "`include/tollbook_plugin.h`, `docs/record-fields.md`",
            "`Sources/MyPlugin/Parser.swift` (a path of your own package)",
            "https://github.com/apple/swift-nio and `struct_size`",
        ]
        for line in inside {
            let problems = references(in: line).compactMap { problem(with: $0, in: guide) }
            XCTAssertEqual(problems, [], line)
        }
    }

    // MARK: - Scanning

    /// The text files of the SDK (docs, headers, sources, build files), without build output.
    private func textFiles() throws -> [URL] {
        let extensions: Set = ["md", "h", "c", "swift", "sh", "csv", "txt"]
        guard let walker = FileManager.default.enumerator(at: sdk, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var files: [URL] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent
            if [".build", "build", "out"].contains(name) {
                walker.skipDescendants()
                continue
            }
            if extensions.contains(url.pathExtension) || name == "Makefile" { files.append(url) }
        }
        XCTAssertGreaterThan(files.count, 20)
        return files.sorted { $0.path < $1.path }
    }

    /// Markdown link targets, and path-like tokens (words with a `/`) in backticks or plain text.
    private func references(in line: String) -> [String] {
        var found: [String] = []
        let link = /\]\(([^)\s#]+)(?:#[^)]*)?\)/
        for match in line.matches(of: link) { found.append(String(match.1)) }
        let withoutLinks = line.replacing(link, with: "")
        let path = /(?:\.\.\/)*[A-Za-z0-9_.<>-]+(?:\/[A-Za-z0-9_.<>*-]+)+\/?/
        for match in withoutLinks.matches(of: path) {
            let token = String(match.0)
            let before = withoutLinks[..<match.range.lowerBound]
            // URLs, their hosts and paths are not files.
            if before.hasSuffix("//") || before.hasSuffix(":") { continue }
            if let last = before.split(separator: " ").last, last.contains("://") { continue }
            found.append(token)
        }
        return found
    }

    /// Why `target`, referenced from `file`, leaves the SDK; `nil` when it stays inside (or names
    /// no file of the repository at all, such as a path in the vendor's own package).
    private func problem(with target: String, in file: URL) -> String? {
        if target.hasPrefix("http://") || target.hasPrefix("https://") || target.hasPrefix("mailto:") { return nil }
        if target.contains("shared/design") || target.contains("shared/formats") { return "names the project's private design notes" }
        let directory = file.deletingLastPathComponent()
        let relativeToFile = directory.appendingPathComponent(target).standardizedFileURL
        if target.hasPrefix("../") || target.hasPrefix("/") {
            let resolved = target.hasPrefix("/") ? URL(fileURLWithPath: target) : relativeToFile
            return isInsideSDK(resolved) ? nil : "leaves sdk/"
        }
        // A plain path: fine when it names something inside the SDK, relative to the file or to
        // any folder between the file and sdk/ (a template's own root, sdk/ itself).
        var base = directory.standardizedFileURL
        while isInsideSDK(base) {
            if FileManager.default.fileExists(atPath: base.appendingPathComponent(target).path) { return nil }
            base = base.deletingLastPathComponent().standardizedFileURL
        }
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(target).path) {
            return "names a file of the Tollbook repository outside sdk/"
        }
        return nil
    }

    private func isInsideSDK(_ url: URL) -> Bool {
        let path = url.standardizedFileURL.path
        return path == sdk.path || path.hasPrefix(sdk.path + "/")
    }

    private func relative(_ url: URL) -> String {
        url.path.replacingOccurrences(of: root.path + "/", with: "")
    }
}
