@testable import FileTransports
import XCTest

/// Client paths resolve to the upload directory itself or a plain name in it, nothing else.
final class UploadPathsStayInTheDirectoryTests: XCTestCase {
    func testTheDirectoryItself() {
        for path in ["", ".", "/", "./", "/.", "//"] {
            XCTAssertEqual(UploadPath.resolve(path), .root, path)
        }
        XCTAssertEqual(UploadPath.root.clientPath, "/")
    }

    func testPlainNamesRelativeOrAbsolute() {
        XCTAssertEqual(UploadPath.resolve("cdr_1"), .file("cdr_1"))
        XCTAssertEqual(UploadPath.resolve("/cdr_1"), .file("cdr_1"))
        XCTAssertEqual(UploadPath.resolve("./cdr_1"), .file("cdr_1"))
        XCTAssertEqual(UploadPath.resolve("/./cdr 1.csv"), .file("cdr 1.csv"))
        XCTAssertEqual(UploadPath.file("cdr_1").clientPath, "/cdr_1")
    }

    func testEverythingElseIsRefused() {
        for path in ["..", "../x", "/../x", "a/../b", "/tmp/x", "sub/x", "/etc/passwd", "a\\b", "a\nb", "a\u{0}b", "x\u{7F}"] {
            XCTAssertNil(UploadPath.resolve(path), path.debugDescription)
        }
    }
}
