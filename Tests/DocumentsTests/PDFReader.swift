import Foundation
import TestSupport
import XCTest

/// Reads PDFs with poppler's `pdftotext` and `pdfinfo` (Debian `poppler-utils`), as a user's reader would.
enum PDFReader {
    static func tool(_ name: String) throws -> URL {
        for folder in ["/usr/bin", "/usr/local/bin"] {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        // scripts/install-deps.sh installs it: a missing reader is a broken set-up, not a reason to skip.
        throw PDFReaderError(message: "\(name) is not installed (Debian poppler-utils, see scripts/install-deps.sh)")
    }

    /// The text of `page` (all when nil) in reading order, or in content-stream order when `raw`
    /// (rotated text such as a watermark comes out whole only then).
    static func text(_ pdf: URL, page: Int? = nil, raw: Bool = false) throws -> String {
        var arguments: [String] = raw ? ["-raw"] : []
        if let page { arguments += ["-f", String(page), "-l", String(page)] }
        let result = try TestEnvironment.run(try tool("pdftotext"), arguments + [pdf.path, "-"])
        guard result.status == 0 else { throw PDFReaderError(message: "pdftotext: \(result.stderr)") }
        return result.stdout
    }

    /// `pdfinfo`'s fields.
    static func info(_ pdf: URL) throws -> [String: String] {
        let result = try TestEnvironment.run(try tool("pdfinfo"), [pdf.path])
        guard result.status == 0 else { throw PDFReaderError(message: "pdfinfo: \(result.stderr)") }
        var fields: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    struct PDFReaderError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
