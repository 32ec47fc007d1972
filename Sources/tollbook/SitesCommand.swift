import ArgumentParser
import Capture
import TollbookConfiguration
import Foundation
import Pricing
import TollbookCore
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `tollbook sites`: the connector instances of the running service.
struct SitesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites",
        abstract: "List, enable, disable or restart connector instances of the running `tollbook serve`; explain how a site reads a number.",
        subcommands: [List.self, Enable.self, Disable.self, Restart.self, Reload.self, ExplainNumber.self])

    /// Where the running service is.
    struct Endpoint: ParsableArguments {
        @Option(help: ArgumentHelp("The service's operations URL (default: service.listen of --config).", valueName: "url"))
        var url: String?

        @Option(help: ArgumentHelp("The configuration file the service runs.", valueName: "file"))
        var config: String?

        @Option(name: .customLong("token-file"),
                help: ArgumentHelp("The operations token file (default: service.ops_token_file of --config).", valueName: "file"))
        var tokenFile: String?

        /// The bearer token: from --token-file, else from the configuration's token file.
        func token() throws -> String? {
            var path = tokenFile
            if path == nil, let config = config ?? ProcessInfo.processInfo.environment["TOLLBOOK_CONFIG"] {
                path = try? ConfigurationFile.load(path: config).service.opsTokenFile
            }
            guard let path else { return nil }
            do {
                return try OpsToken.load(path: path)
            } catch {
                throw CLIError("\(error)")
            }
        }

        /// The base URL after defaults.
        func baseURL() throws -> String {
            if let url { return url.hasSuffix("/") ? String(url.dropLast()) : url }
            guard let path = config ?? ProcessInfo.processInfo.environment["TOLLBOOK_CONFIG"] else {
                throw CLIError("name the service with --url or --config")
            }
            do {
                let listen = try ConfigurationFile.load(path: path).service.listen
                let host = listen.host == "0.0.0.0" || listen.host == "::" ? "127.0.0.1" : listen.host
                return "http://\(ListenAddress(host: host, port: listen.port))"
            } catch {
                throw CLIError("\(error)")
            }
        }

        /// Sends a request and returns the body; non-2xx answers become errors with the service's message.
        func request(_ method: String, _ path: String) throws -> Data {
            let base = try baseURL()
            guard let url = URL(string: base + path) else { throw CLIError("\(base): not a URL") }
            var request = URLRequest(url: url, timeoutInterval: 120)
            request.httpMethod = method
            if let token = try token() { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var result: (Data?, URLResponse?, Error?)
            URLSession.shared.dataTask(with: request) { data, response, error in
                result = (data, response, error)
                done.signal()
            }.resume()
            done.wait()
            if let error = result.2 { throw CLIError("\(base): the service does not answer (\(error.localizedDescription))") }
            let data = result.0 ?? Data()
            let status = (result.1 as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) || path == "/healthz" else {
                let message = (try? JSONDecoder().decode([String: String].self, from: data))?["error"] ?? "HTTP \(status)"
                throw CLIError(message)
            }
            return data
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the connector instances and their state.")
        @OptionGroup var endpoint: Endpoint
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func run() throws {
            let data = try endpoint.request("GET", "/sites")
            if format == .json || format == .jsonl {
                print(String(decoding: data, as: UTF8.self), terminator: "")
                return
            }
            let statuses = try JSONDecoder().decode([InstanceStatus].self, from: data)
            let rows = statuses.map { status in
                [status.name, status.site, status.plugin, status.transport, status.endpoint, status.state,
                 String(status.journalLag), String(status.pluginErrors), status.lastError ?? ""]
            }
            print(TextTable.render(header: ["INSTANCE", "SITE", "PLUGIN", "TRANSPORT", "ENDPOINT", "STATE", "LAG", "PLUGIN ERRORS", "ERROR"],
                                   rows: rows))
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a connector instance, or every instance of a site (kept across restarts).")
        @OptionGroup var endpoint: Endpoint
        @Argument(help: "The instance's or the site's name.") var name: String
        func run() throws { try SitesCommand.act(endpoint, name, "enable") }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a connector instance, or every instance of a site (kept across restarts).")
        @OptionGroup var endpoint: Endpoint
        @Argument(help: "The instance's or the site's name.") var name: String
        func run() throws { try SitesCommand.act(endpoint, name, "disable") }
    }

    struct Restart: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Restart a connector instance, or every instance of a site.")
        @OptionGroup var endpoint: Endpoint
        @Argument(help: "The instance's or the site's name.") var name: String
        func run() throws { try SitesCommand.act(endpoint, name, "restart") }
    }

    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make the service read its configuration again (like SIGHUP).")
        @OptionGroup var endpoint: Endpoint
        func run() throws {
            let data = try endpoint.request("POST", "/reload")
            print(String(decoding: data, as: UTF8.self), terminator: "")
        }
    }

    /// `tollbook sites explain-number --site S NUMBER`: how a site's numbering plan reads a dialled string.
    struct ExplainNumber: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain-number",
            abstract: "Show step by step how a site reads a dialled number, and how a 60 s call to it is priced.",
            discussion: """
                Reads NUMBER as the PBX would record it for an outgoing call of the site (outside-line prefix, \
                call-by-call prefix, international and national prefix, own area), prints the E.164 number and \
                category, then prices a 60-second call to it with the site's tariffs. Use it to check a site's \
                numbering plan, e.g. numbering.outside_line_prefixes.
                """)
        @OptionGroup var configuration: ConfigOptions
        @Option(help: ArgumentHelp("The site's name in the configuration.", valueName: "site")) var site: String
        @Option(help: ArgumentHelp("When the 60 s call starts (ISO 8601; default: now).", valueName: "date"))
        var at: String?
        @Argument(help: ArgumentHelp("The number as the PBX records it, e.g. 0015112345678.", valueName: "number"))
        var number: String

        func run() throws {
            guard let file = try configuration.load() else {
                throw CLIError("explain-number needs the configuration file (--config FILE)")
            }
            guard let site = file.sites.first(where: { $0.name == self.site }) else {
                throw CLIError("\(file.path): there is no site '\(self.site)' (sites: \(file.sites.map(\.name).joined(separator: ", ")))")
            }
            let atMs = try at.map { try CallsCommand.parseDate($0, option: "--at", endOfDay: false) }
                ?? MillisecondClock.system.now()
            let pricer: CallPricer
            do {
                pricer = try CallPricer(site: site, tariffsDirectory: file.tariffsDirectory)
            } catch {
                throw CLIError("\(file.path): \(error)")
            }
            for line in pricer.explainNumber(number, atMs: atMs) { print(line) }
        }
    }

    static func act(_ endpoint: Endpoint, _ name: String, _ action: String) throws {
        guard let escaped = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) else { throw CLIError("bad name") }
        let data = try endpoint.request("POST", "/sites/\(escaped)/\(action)")
        for status in try JSONDecoder().decode([InstanceStatus].self, from: data) {
            print("\(status.name): \(status.state)\(status.lastError.map { " (\($0))" } ?? "")")
        }
    }
}
