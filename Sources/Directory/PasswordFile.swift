import Foundation

/// Reads the bind password from its file: the content with trailing line breaks removed.
enum PasswordFile {
    /// - Throws: ``DirectoryError/passwordFileUnreadable(path:)`` or ``DirectoryError/passwordFileEmpty(path:)``.
    static func read(_ path: String) throws(DirectoryError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw .passwordFileUnreadable(path: path) }
        var password = String(decoding: data, as: UTF8.self)
        while let last = password.last, last == "\n" || last == "\r" || last == "\r\n" { password.removeLast() }
        guard !password.isEmpty else { throw .passwordFileEmpty(path: path) }
        return password
    }
}
