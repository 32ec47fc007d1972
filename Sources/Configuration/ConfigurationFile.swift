import Foundation
import Yams

/// The Tollbook configuration file (YAML): sites with their time zone, sources, numbering plan and
/// providers, and where the tariff files are.
///
/// ```yaml
/// tariffs: tariffs            # folder of <provider>.ini files, relative to this file
/// sites:
///   - name: berlin
///     time_zone: Europe/Berlin
///     sources: [demo-cucm]
///     numbering:
///       country_code: "49"
///       area_code: "30"
///       outside_line_prefixes: ["0"]
///       extensions: ["2000-2999"]
///       did_blocks: [{ prefix: "+4930555", extensions: "2000-2999" }]
///     providers:
///       default: fernwerk
///       local: stadtnetz
///       call_by_call: { "01099": tarifwelle }
/// directory:                  # optional: LDAP / AD sync, see DirectoryConfiguration
///   url: ldaps://dc1.example.com
///   bind_dn: CN=tollbook-sync,OU=Service,DC=example,DC=com
///   password_file: ldap.pw
///   base_dn: DC=example,DC=com
/// ```
/// Every error names the file, the line and the key.
public struct ConfigurationFile: Sendable, Equatable {
    /// The file's path.
    public var path: String
    /// Folder of the tariff files (absolute, or relative to the working directory).
    public var tariffsDirectory: String
    /// The sites.
    public var sites: [SiteConfiguration]
    /// Tariff packages (indirect costs), if the file has a `packages:` section.
    public var packages: [PackageSettings] = []
    /// The `directory:` section (LDAP / Active Directory sync), if the file has one.
    public var directory: DirectoryConfiguration? = nil
    /// The `access:` section (passwords, lock-out, audit key, directory groups), if the file has one.
    public var access: AccessConfiguration? = nil
    /// The `service:` section (`tollbook serve`); defaults when the file has none.
    public var service: ServiceSettings = ServiceSettings(dataDirectory: "tollbook-data")
    /// The `privacy:` section (protective defaults when the file has none).
    public var privacy = PrivacyConfiguration()
    /// `language`: the default language of reports (`de` or `en`), `nil` when the file sets none.
    public var language: String? = nil
    /// The `mail:` section (the SMTP server of scheduled reports), if the file has one.
    public var mail: MailConfiguration? = nil
    /// The `reports:` section: reports mailed on a schedule (docs/mail.md).
    public var reports: [ScheduledReportConfiguration] = []
    /// The `rollups:` section: the KPI roll-ups (docs/rollups.md); enabled by default.
    public var rollups = RollupsConfiguration()

    /// Every connector instance of every site, with its site.
    public var connectorInstances: [(site: SiteConfiguration, connector: ConnectorInstanceSettings)] {
        sites.flatMap { site in site.connectors.map { (site, $0) } }
    }

    /// The site a source belongs to, if any.
    public func site(forSource source: String) -> SiteConfiguration? {
        sites.first { $0.sources.contains(source) }
    }

    /// Reads and checks the file at `path`.
    /// - Throws: ``ConfigurationError`` for the first problem found.
    public static func load(path: String) throws -> ConfigurationFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, line: 0, key: "", message: "cannot be read")
        }
        return try parse(text, path: path)
    }

    /// Parses configuration text (`path` is used for messages and relative folders).
    public static func parse(_ text: String, path: String) throws -> ConfigurationFile {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigurationError(file: path, line: 1, key: "", message: "the file is empty")
            }
            root = node
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            throw ConfigurationError(file: path, line: YAMLReader.line(of: error), key: "", message: "not valid YAML")
        } catch {
            throw ConfigurationError(file: path, line: 1, key: "", message: "not valid YAML")
        }
        let reader = YAMLReader(file: path)
        let top = try reader.mapping(root, key: "", allowed: ["tariffs", "sites", "packages", "directory", "service", "access", "privacy",
                                                                 "language", "mail", "reports", "rollups"])
        let base = (path as NSString).deletingLastPathComponent
        var tariffs = try top["tariffs"].map { try reader.string($0, key: "tariffs") } ?? "tariffs"
        if !tariffs.hasPrefix("/") { tariffs = base.isEmpty ? tariffs : (base as NSString).appendingPathComponent(tariffs) }
        guard let sitesNode = top["sites"] else {
            throw ConfigurationError(file: path, line: reader.line(root), key: "sites", message: "missing: at least one site is needed")
        }
        var sites: [SiteConfiguration] = []
        for (index, node) in try reader.sequence(sitesNode, key: "sites").enumerated() {
            let site = try SiteReader(reader: reader, base: base).site(node, key: "sites[\(index)]")
            if let earlier = sites.first(where: { $0.name == site.name }) {
                throw ConfigurationError(file: path, line: site.line, key: "sites[\(index)].name",
                                         message: "site '\(site.name)' is already defined on line \(earlier.line)")
            }
            for source in site.sources {
                if let owner = sites.first(where: { $0.sources.contains(source) }) {
                    throw ConfigurationError(file: path, line: site.line, key: "sites[\(index)].sources",
                                             message: "source '\(source)' already belongs to site '\(owner.name)'")
                }
            }
            sites.append(site)
        }
        let packages = try top["packages"].map { try PackageReader(reader: reader).packages($0, key: "packages") } ?? []
        let directory = try top["directory"].map {
            try DirectorySectionReader(reader: reader, base: base).directory($0, key: "directory")
        }
        let service = try ServiceSectionReader(reader: reader, base: base).service(top["service"], key: "service")
        var file = ConfigurationFile(path: path, tariffsDirectory: tariffs, sites: sites, packages: packages,
                                     directory: directory, service: service)
        file.access = try top["access"].map { try AccessSectionReader(reader: reader, base: base).access($0, key: "access") }
        if let node = top["privacy"] {
            file.privacy = try PrivacySectionReader(reader: reader, base: base).privacy(node, key: "privacy")
        }
        if let node = top["language"] {
            let language = try reader.string(node, key: "language")
            guard language == "de" || language == "en" else {
                throw ConfigurationError(file: path, line: reader.line(node), key: "language",
                                         message: "must be de or en, not '\(language)'")
            }
            file.language = language
        }
        let mailReader = MailSectionReader(reader: reader, base: base)
        file.mail = try top["mail"].map { try mailReader.mail($0, key: "mail") }
        file.reports = try top["reports"].map { try mailReader.reports($0, key: "reports") } ?? []
        if let node = top["rollups"] { file.rollups = try RollupsSectionReader(reader: reader).rollups(node, key: "rollups") }
        if file.mail == nil, let (index, site) = file.sites.enumerated().first(where: { $0.element.alarms.mail != nil }) {
            throw ConfigurationError(file: path, line: site.alarms.line, key: "sites[\(index)].alarms.mail",
                                     message: "needs a mail: section (the SMTP server)")
        }
        if let node = top["reports"], !file.reports.isEmpty, file.mail == nil {
            throw ConfigurationError(file: path, line: reader.line(node), key: "reports", message: "needs a mail: section (the SMTP server)")
        }
        if let days = top["service"]?.mapping?["journal"]?.mapping?["retention_days"],
           let problem = file.privacy.retention.journalProblem(serviceJournalDays: file.service.journalRetentionDays) {
            throw ConfigurationError(file: path, line: reader.line(days), key: "service.journal.retention_days", message: problem)
        }
        // privacy.retention.journal caps how long serve's ingesters keep fully ingested journal segments.
        file.service.journalRetentionDays = min(file.service.journalRetentionDays, file.privacy.retention.journal.approximateDays)
        return file
    }
}
