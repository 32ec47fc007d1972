import ArgumentParser
import Foundation
import Host
import Store

/// `--db`: the store every command works on.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The SQLite call store (default: $TOLLBOOK_DB, else ./tollbook.db).", valueName: "path"))
    var db: String?

    /// The database path after defaults.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["TOLLBOOK_DB"] ?? "tollbook.db"
    }

    /// Opens (creating and migrating) the store; with `readOnly`, an existing store for reading
    /// only, so that read-only commands work on a write-protected file. `encryption`: the key of
    /// an encrypted store (commands that read or write calls); commands that do not touch call
    /// data open an encrypted store without it.
    func openStore(readOnly: Bool = false, encryption: StoreKeyAccess = .withoutCallData) throws -> CallStore {
        do {
            // A store this process may write is opened as usual (created, migrated); a
            // write-protected one is read without touching it.
            let writeProtected = FileManager.default.fileExists(atPath: path) && access(path, W_OK) != 0
            return try CallStore(path: path, readOnly: readOnly && writeProtected, encryption: encryption)
        } catch {
            throw CLIError("\(error)")
        }
    }
}

/// `--plugin-dir`: where connector plugins are looked for.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugin-dir"), help: ArgumentHelp(
        "A directory with connector plugins (repeatable; searched before $TOLLBOOK_PLUGIN_PATH and the executable's directory).",
        valueName: "dir"))
    var pluginDirs: [String] = []

    /// Finds the plugin files (loading none); prints a warning line per refused file.
    func loadCatalog(trustStore: TrustStore) -> PluginCatalog {
        let catalog = PluginCatalog(directories: PluginCatalog.searchPath(explicit: pluginDirs), trustStore: trustStore)
        for warning in catalog.warnings { Console.error("warning: \(warning)") }
        return catalog
    }
}

/// An error for the user: printed as `Error: message`, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String
    init(_ description: String) { self.description = description }
}

/// Output formats of the listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, jsonl
}

/// Writes to standard output and standard error without Foundation's `print` buffering surprises.
enum Console {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
