import ArgumentParser
import TollbookConfiguration
import Foundation
import Pricing
import Ingest
import Store

/// `--config`: the site configuration (numbering plans, providers, tariffs).
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The configuration file (default: $TOLLBOOK_CONFIG, else ./tollbook.yaml if it exists). Without one, calls are stored unrated.",
        valueName: "file"))
    var config: String?

    /// The configuration path after defaults, or `nil` when there is none.
    var path: String? {
        if let config { return config }
        if let fromEnvironment = ProcessInfo.processInfo.environment["TOLLBOOK_CONFIG"] { return fromEnvironment }
        return FileManager.default.fileExists(atPath: "tollbook.yaml") ? "tollbook.yaml" : nil
    }

    /// The loaded configuration, or `nil` when there is none.
    func load() throws -> ConfigurationFile? {
        guard let path else { return nil }
        do {
            return try ConfigurationFile.load(path: path)
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// The store's key-encryption key when the configuration names one (`privacy.encryption.key_file`).
    func storeKeyAccess(_ file: ConfigurationFile?) throws -> StoreKeyAccess {
        do {
            return try file.storeKeyAccess()
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// A pricer for the site of `source`, or `nil` when the configuration has no such site.
    func pricer(forSource source: String, in file: ConfigurationFile?) throws -> CallPricer? {
        guard let file, let site = file.site(forSource: source) else { return nil }
        do {
            return try CallPricer(site: site, tariffsDirectory: file.tariffsDirectory)
        } catch {
            throw CLIError("\(file.path): \(error)")
        }
    }
}
