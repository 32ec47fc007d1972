/// A client path resolved inside an account's upload directory, which the client sees as `/`.
///
/// Only two things can be named: the directory itself and a plain file name directly in it. `..`
/// components, sub-directories (so any real absolute path such as `/tmp/x`) and empty names are refused.
enum UploadPath: Equatable {
    /// The upload directory (`/`, `.`, empty).
    case root
    /// A file directly in the upload directory.
    case file(String)

    /// Resolves `path` as the client sent it; `nil` when it points anywhere else.
    static func resolve(_ path: String) -> UploadPath? {
        var names: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": return nil
            default: names.append(component)
            }
        }
        switch names.count {
        case 0: return .root
        case 1:
            let name = String(names[0])
            // Control characters (NUL, newlines) and backslashes have no business in a CDR file name.
            if name.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) || name.contains("\\") { return nil }
            return .file(name)
        default: return nil
        }
    }

    /// The path shown to the client (`/` or `/name`).
    var clientPath: String {
        switch self {
        case .root: return "/"
        case .file(let name): return "/" + name
        }
    }
}
