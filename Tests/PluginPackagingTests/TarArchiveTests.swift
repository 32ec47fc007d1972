import Foundation
import PluginPackaging
import XCTest

/// The ustar reader and writer: round trip, and refusal of everything but plain regular files.
final class TarArchiveTests: XCTestCase {
    func testRoundTripKeepsNamesBytesAndOrder() throws {
        let entries = [
            TarArchive.Entry(name: "manifest.json", data: Data("{}\n".utf8)),
            TarArchive.Entry(name: "libx.so", data: Data((0..<1300).map { UInt8($0 % 251) })),
            TarArchive.Entry(name: "empty", data: Data()),
        ]
        let data = try TarArchive(entries: entries).encoded()
        XCTAssertEqual(data.count % 512, 0)
        XCTAssertEqual(try TarArchive.decode(data).entries, entries)
    }

    func testOutputIsReadableBySystemTar() throws {
        let data = try TarArchive(entries: [TarArchive.Entry(name: "a.txt", data: Data("hello\n".utf8))]).encoded()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("x.tar")
        try data.write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar", "-xf", file.path, "-C", directory.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(try String(contentsOf: directory.appendingPathComponent("a.txt"), encoding: .utf8), "hello\n")
    }

    func testWriterRefusesPathsAndDuplicates() {
        for name in ["../x", "/etc/passwd", "dir/file", "..", ""] {
            XCTAssertThrowsError(try TarArchive(entries: [TarArchive.Entry(name: name, data: Data())]).encoded(), name)
        }
        let twice = [TarArchive.Entry(name: "a", data: Data()), TarArchive.Entry(name: "a", data: Data())]
        XCTAssertThrowsError(try TarArchive(entries: twice).encoded())
    }

    func testReaderRefusesTraversalLinksDirectoriesAndDamage() throws {
        let good = try TarArchive(entries: [TarArchive.Entry(name: "aaaa", data: Data("x".utf8))]).encoded()
        func patched(_ edit: (inout [UInt8]) -> Void) -> Data {
            var bytes = [UInt8](good)
            edit(&bytes)
            // Recompute the header checksum so that only the edited field is wrong.
            for index in 148..<156 { bytes[index] = 0x20 }
            let sum = String(bytes[0..<512].reduce(0) { $0 + Int($1) }, radix: 8)
            let field = Array((String(repeating: "0", count: 6 - sum.count) + sum).utf8) + [0, 0x20]
            bytes.replaceSubrange(148..<156, with: field)
            return Data(bytes)
        }
        let traversal = patched { $0.replaceSubrange(0..<4, with: Array("../a".utf8)) }
        XCTAssertThrowsError(try TarArchive.decode(traversal)) { error in
            XCTAssertEqual("\(error)", "refused archive entry '../a': not a plain file name (directories, absolute paths and .. are refused)")
        }
        let absolute = patched { $0.replaceSubrange(0..<4, with: Array("/etc".utf8)) }
        XCTAssertThrowsError(try TarArchive.decode(absolute))
        let symlink = patched { $0[156] = UInt8(ascii: "2") }
        XCTAssertThrowsError(try TarArchive.decode(symlink)) { error in
            XCTAssertEqual("\(error)", "refused archive entry 'aaaa': not a regular file")
        }
        let directory = patched { $0[156] = UInt8(ascii: "5") }
        XCTAssertThrowsError(try TarArchive.decode(directory))
        var damaged = [UInt8](good)
        damaged[10] = 0x41
        XCTAssertThrowsError(try TarArchive.decode(Data(damaged))) { error in
            XCTAssertTrue("\(error)".contains("checksum"), "\(error)")
        }
        let negative = patched { $0.replaceSubrange(124..<136, with: Array("-0000000001\0".utf8)) }
        XCTAssertThrowsError(try TarArchive.decode(negative)) { error in
            XCTAssertEqual("\(error)", "not a plugin package: size of entry aaaa is not a number")
        }
        XCTAssertThrowsError(try TarArchive.decode(good.prefix(600)))
        XCTAssertThrowsError(try TarArchive.decode(Data("not a tar".utf8)))
    }
}
