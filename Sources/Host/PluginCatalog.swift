import Foundation

/// Finds and loads the connector plugins in the plugin directories.
///
/// Search order: the directories given explicitly (`--plugin-dir`), then those in
/// `TOLLBOOK_PLUGIN_PATH` (colon-separated), then the directory of the running executable.
/// Every `*.so` file found is tried; the first plugin with a given id wins.
public struct PluginCatalog: Sendable {
    /// The loaded plugins, in search order.
    public private(set) var plugins: [PluginLibrary] = []
    /// One line per file that was skipped or refused, naming the file and the reason.
    public private(set) var warnings: [String] = []

    /// The directories searched, in order.
    public let directories: [String]

    /// Scans the directories and loads every plugin found.
    public init(directories: [String]) {
        self.directories = directories
        var seen: [String: String] = [:]
        for directory in directories {
            let files: [String]
            do {
                files = try FileManager.default.contentsOfDirectory(atPath: directory)
                    .filter { ($0.hasSuffix(".so") || $0.contains(".so.")) && !PluginCatalog.isInstallRecord($0) }
                    .sorted()
            } catch {
                warnings.append("\(directory): plugin directory cannot be read")
                continue
            }
            for file in files {
                let path = (directory as NSString).appendingPathComponent(file)
                do {
                    let library = try PluginLibrary(path: path)
                    if let first = seen[library.info.id] {
                        warnings.append("\(path): plugin \(library.info.id) already loaded from \(first); skipped")
                        continue
                    }
                    seen[library.info.id] = path
                    plugins.append(library)
                } catch let error as PluginLoadError {
                    warnings.append(error.description)
                } catch {
                    warnings.append("\(path): \(error)")
                }
            }
        }
    }

    /// Whether `file` is part of an install record (`<so>.manifest.json`, `<so>.sig`), not a plugin.
    static func isInstallRecord(_ file: String) -> Bool {
        file.hasSuffix(".manifest.json") || file.hasSuffix(".sig") || file.hasPrefix(".")
    }

    /// The plugin with id `id`.
    /// - Throws: ``HostError/unknownConnector(id:available:)``.
    public func plugin(id: String) throws -> PluginLibrary {
        guard let plugin = plugins.first(where: { $0.info.id == id }) else {
            throw HostError.unknownConnector(id: id, available: plugins.map(\.info.id))
        }
        return plugin
    }

    /// The default search path: `explicit`, then `TOLLBOOK_PLUGIN_PATH`, then the executable's directory.
    public static func searchPath(explicit: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var directories = explicit
        if let path = environment["TOLLBOOK_PLUGIN_PATH"] {
            directories += path.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        if let executable = executableDirectory() { directories.append(executable) }
        var unique: [String] = []
        for directory in directories where !unique.contains(directory) { unique.append(directory) }
        return unique
    }

    /// The directory of the running executable (from `/proc/self/exe`).
    public static func executableDirectory() -> String? {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return Bundle.main.executableURL?.deletingLastPathComponent().path
        }
        return (path as NSString).deletingLastPathComponent
    }
}
