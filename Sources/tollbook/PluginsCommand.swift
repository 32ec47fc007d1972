import ArgumentParser
import Host
import TollbookCore

/// `tollbook plugins …`
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins", abstract: "Connector plugins.", subcommands: [List.self])

    /// `tollbook plugins list`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the connector plugins the host can load.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var plugins: PluginOptions
        @OptionGroup var trust: TrustOptions
        @Option(help: "table or json.") var format: ListFormat = .table

        enum ListFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

        /// Trusted plugins are loaded here; unsigned ones are read in a worker process, so no code
        /// of an untrusted plugin runs in this process.
        func run() throws {
            let catalog = plugins.loadCatalog(trustStore: try trust.load())
            var infos: [PluginInfo] = []
            var trusts: [String] = []
            for listing in catalog.describeAll() {
                if let problem = listing.problem { Console.error("warning: \(problem)") }
                guard listing.problem == nil, let info = listing.info else { continue }
                infos.append(info)
                trusts.append(listing.trust.label)
            }
            switch format {
            case .json:
                let items = zip(infos, trusts).map { info, trust in
                    "{" + [
                        "\"id\":" + JSONText.quote(info.id), "\"name\":" + JSONText.quote(info.name),
                        "\"vendor\":" + JSONText.quote(info.vendor), "\"version\":" + JSONText.quote(info.version),
                        "\"abi\":" + JSONText.quote(info.abiVersion), "\"path\":" + JSONText.quote(info.path),
                        "\"formats\":[" + info.formats.map(JSONText.quote).joined(separator: ",") + "]",
                        "\"description\":" + JSONText.quote(info.description), "\"trust\":" + JSONText.quote(trust),
                    ].joined(separator: ",") + "}"
                }
                print("[" + items.joined(separator: ",") + "]")
            case .table:
                let rows = zip(infos, trusts).map { [$0.id, $0.name, $0.vendor, $0.version, $0.abiVersion, $1, $0.path] }
                print(TextTable.render(header: ["ID", "NAME", "VENDOR", "VERSION", "ABI", "TRUST", "PATH"], rows: rows))
            }
        }
    }
}
