import Access
import Foundation
import TestSupport
import XCTest

/// `docs/access.md` shows the built-in roles as they are in the code.
final class AccessDocumentationTests: XCTestCase {
    func testTheRolesTableMatchesTheBuiltInRoles() throws {
        let text = try String(contentsOf: TestEnvironment.packageRoot.appendingPathComponent("docs/access.md"), encoding: .utf8)
        let begin = try XCTUnwrap(text.range(of: "<!-- roles-table:begin -->\n"))
        let end = try XCTUnwrap(text.range(of: "<!-- roles-table:end -->"))
        let documented = String(text[begin.upperBound..<end.lowerBound])
        var expected = "| permission | " + Role.builtIn.map(\.name).joined(separator: " | ") + " |\n"
        expected += "|---|" + Array(repeating: ":-:", count: Role.builtIn.count).joined(separator: "|") + "|\n"
        for permission in Permission.allCases {
            expected += "| `\(permission.rawValue)` | "
                + Role.builtIn.map { $0.permissions.contains(permission) ? "✓" : "" }.joined(separator: " | ") + " |\n"
        }
        XCTAssertEqual(documented, expected)
    }
}
