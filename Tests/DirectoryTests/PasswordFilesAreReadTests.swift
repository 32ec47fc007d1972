@testable import Directory
import Foundation
import TestSupport
import XCTest

/// The password is the file's content without trailing line breaks; everything else is kept.
final class PasswordFilesAreReadTests: XCTestCase {
    private var directory: URL?

    override func setUpWithError() throws {
        directory = try TestEnvironment.makeTemporaryDirectory("tollbook-pw")
    }

    override func tearDown() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    private func password(_ content: String) throws -> String {
        let file = try XCTUnwrap(directory).appendingPathComponent("pw")
        try content.write(to: file, atomically: true, encoding: .utf8)
        return try PasswordFile.read(file.path)
    }

    func testTrailingLineBreaksAreIgnored() throws {
        XCTAssertEqual(try password("s3cret\n"), "s3cret")
        XCTAssertEqual(try password("s3cret\r\n"), "s3cret")
        XCTAssertEqual(try password("s3cret\n\n"), "s3cret")
        XCTAssertEqual(try password("s3cret"), "s3cret")
    }

    func testSpacesAndInnerCharactersAreKept() throws {
        XCTAssertEqual(try password(" pass phrase with spaces \n"), " pass phrase with spaces ")
        XCTAssertEqual(try password("ünïcødé€\n"), "ünïcødé€")
    }

    func testEmptyFileAndDirectoryAreErrors() throws {
        let root = try XCTUnwrap(directory)
        XCTAssertThrowsError(try password("\r\n")) { error in
            XCTAssertEqual(error as? DirectoryError, .passwordFileEmpty(path: root.appendingPathComponent("pw").path))
        }
        XCTAssertThrowsError(try PasswordFile.read(root.path)) { error in
            XCTAssertEqual(error as? DirectoryError, .passwordFileUnreadable(path: root.path))
        }
    }
}
