import Foundation
import TestSupport
import XCTest

/// The SDK ships the very header the host is built with: `sdk/include/tollbook_plugin.h` and the
/// Swift template's copy must be byte-identical to `Sources/PluginAPI/include/tollbook_plugin.h`.
final class SDKHeaderCopiesAreIdenticalTests: XCTestCase {
    private let source = TestEnvironment.pluginAPIInclude.appendingPathComponent("tollbook_plugin.h")

    func testSDKIncludeIsTheHostHeader() throws {
        try assertIdentical(SDKBuilds.sdk.appendingPathComponent("include/tollbook_plugin.h"))
    }

    func testSwiftTemplateCarriesTheSameHeader() throws {
        try assertIdentical(SDKBuilds.swiftTemplate.appendingPathComponent("Sources/CTollbookPlugin/include/tollbook_plugin.h"))
    }

    func testSampleCopiesAreIdentical() throws {
        let template = try Data(contentsOf: SDKBuilds.swiftTemplate.appendingPathComponent("sample.csv"))
        XCTAssertEqual(template, try Data(contentsOf: SDKBuilds.sample),
                       "sdk/templates/swift/sample.csv differs from sdk/examples/c-minimal/sample.csv: copy the file")
    }

    private func assertIdentical(_ copy: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try Data(contentsOf: source)
        guard FileManager.default.fileExists(atPath: copy.path) else {
            return XCTFail("\(copy.path) is missing: copy Sources/PluginAPI/include/tollbook_plugin.h there", file: file, line: line)
        }
        let actual = try Data(contentsOf: copy)
        let relative = copy.path.replacingOccurrences(of: TestEnvironment.packageRoot.path + "/", with: "")
        XCTAssertTrue(expected.count > 1000, "the host header looks empty", file: file, line: line)
        XCTAssertTrue(actual == expected, """
            \(relative) differs from Sources/PluginAPI/include/tollbook_plugin.h. The SDK must ship the \
            host's header unchanged: fix it by copying the file, `cp Sources/PluginAPI/include/tollbook_plugin.h \(relative)`.
            """, file: file, line: line)
    }
}
