import Foundation

/// The plugin files in the search path, found without running any of their code, and the one
/// place where a command gets the plugin it needs.
///
/// Search order: the directories given explicitly (`--plugin-dir`), then those in
/// `TOLLBOOK_PLUGIN_PATH` (colon-separated), then the directory of the running executable. Scanning
/// never loads a file: each `*.so` is classified by ``PluginTrust/inspect(pluginAt:trustStore:bundledDirectory:)``
/// (bundled by name, or signed with its install record's signature and hash checked), which also
/// tells the connector id of every trusted file.
///
/// - ``load(id:allowUnsigned:)`` loads exactly the one file that provides a connector, trusted
///   files first: a bundled id can never be shadowed, and an unsigned file is considered only in
///   development mode (and then only if no trusted file has the id).
/// - ``describeAll()`` reads every file's descriptor for listings: trusted files in this process,
///   unsigned ones in a worker process (``PluginDescriber``).
public struct PluginCatalog: Sendable {
    /// A plugin file found in the search path.
    public struct Candidate: Sendable, Equatable {
        /// The file.
        public var path: String
        /// Whether the host trusts it.
        public var trust: PluginTrust
        /// The connector id, when known without running the plugin (bundled and signed files).
        public var declaredID: String?
    }

    /// A plugin as a listing shows it: its descriptor, or why it cannot be used.
    public struct Listing: Sendable {
        /// The file.
        public var path: String
        /// Whether the host trusts it.
        public var trust: PluginTrust
        /// The descriptor (`nil` when refused).
        public var info: PluginInfo?
        /// Why the file is not usable (refused, or shadowed by another file with the same id).
        public var problem: String?
    }

    /// Every plugin file found, in search order, with trusted files whose id another trusted file
    /// already provides left out (see ``warnings``).
    public private(set) var candidates: [Candidate] = []
    /// One line per directory or file that was skipped or refused, naming it and the reason.
    public private(set) var warnings: [String] = []
    /// The directories searched, in order.
    public let directories: [String]
    /// Reads the descriptors of untrusted files.
    public let describer: PluginDescriber

    /// Scans the directories; loads nothing.
    /// - Parameters:
    ///   - trustStore: the keys that signed installed plugins are checked with (`nil`: none).
    ///   - bundledDirectory: where the bundled plugins are (the executable's directory).
    ///   - describer: reads untrusted descriptors in a worker process.
    public init(directories: [String], trustStore: TrustStore? = nil,
                bundledDirectory: String? = PluginCatalog.executableDirectory(),
                describer: PluginDescriber = PluginDescriber()) {
        self.directories = directories
        self.describer = describer
        var found: [Candidate] = []
        var seenPaths = Set<String>()
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
                let real = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
                guard seenPaths.insert(real).inserted else { continue }
                let (trust, id) = PluginTrust.inspect(pluginAt: path, trustStore: trustStore, bundledDirectory: bundledDirectory)
                found.append(Candidate(path: path, trust: trust, declaredID: id))
            }
        }
        // Bundled files first, then signed ones in search order: the first trusted file of an id
        // wins, whatever the order of the path; later ones are refused with a warning.
        let ordered = found.filter { $0.trust == .bundled } + found.filter { $0.trust != .bundled }
        var owner: [String: String] = [:]
        for candidate in ordered {
            if let id = candidate.declaredID {
                if let first = owner[id] {
                    warnings.append(Self.shadowWarning(path: candidate.path, id: id, owner: first))
                    continue
                }
                owner[id] = candidate.path
            }
            candidates.append(candidate)
        }
        // Keep the search order for listings.
        let rank = Dictionary(uniqueKeysWithValues: found.enumerated().map { ($1.path, $0) })
        candidates.sort { (rank[$0.path] ?? 0) < (rank[$1.path] ?? 0) }
    }

    static func shadowWarning(path: String, id: String, owner: String) -> String {
        "\(path): plugin \(id) is already provided by \(owner); refused (a plugin id cannot be taken over)"
    }

    /// The trusted files' connector ids.
    public var trustedIDs: [String] {
        candidates.compactMap(\.declaredID).sorted()
    }

    /// The file that provides connector `id`, without loading any plugin into this process.
    ///
    /// Bundled and signed files are matched by their known ids. Only if none has the id are the
    /// unsigned files' descriptors read, in a worker process: with `allowUnsigned` the matching
    /// file is returned; without it the error names the file and says it is not trusted.
    /// - Throws: ``HostError/unknownConnector(id:available:)``, ``PluginAdmissionError/untrusted(id:path:reason:scope:)``.
    public func resolve(id: String, allowUnsigned: Bool, scope: PluginAdmission.Scope = .commandLine,
                        warn: (String) -> Void = { _ in }) throws -> Candidate {
        if let trusted = candidates.first(where: { $0.declaredID == id }) { return trusted }
        let trustedIDs = Set(self.trustedIDs)
        var match: Candidate?
        var described: [String] = []
        for candidate in candidates where candidate.declaredID == nil {
            guard let info = try? describer.describe(pluginAt: candidate.path) else { continue }
            described.append(info.id)
            guard info.id == id else { continue }
            guard !trustedIDs.contains(info.id) else { continue }
            if let first = match {
                warn(Self.shadowWarning(path: candidate.path, id: id, owner: first.path))
            } else {
                match = candidate
            }
        }
        guard var match else {
            throw HostError.unknownConnector(id: id, available: Array(trustedIDs.union(described)).sorted())
        }
        guard allowUnsigned else {
            let reason: String
            if case let .unsigned(text) = match.trust { reason = text } else { reason = "not trusted" }
            throw PluginAdmissionError.untrusted(id: id, path: match.path, reason: reason, scope: scope)
        }
        match.declaredID = id
        return match
    }

    /// Loads the one file that provides connector `id` into this process, after the trust check
    /// (``resolve(id:allowUnsigned:scope:)``) and the site's certification policy.
    /// - Parameters:
    ///   - allowUnsigned: development mode (`--allow-unsigned`, or the site's `plugins.allow_unsigned`).
    ///   - requireCertification: the site's `plugins.require_certification`.
    /// - Throws: ``HostError``, ``PluginAdmissionError``, ``PluginLoadError``.
    public func load(id: String, allowUnsigned: Bool, requireCertification: Bool = false,
                     scope: PluginAdmission.Scope = .commandLine,
                     warn: (String) -> Void = { _ in }) throws -> (plugin: PluginLibrary, trust: PluginTrust) {
        let candidate = try resolve(id: id, allowUnsigned: allowUnsigned, scope: scope, warn: warn)
        let provisional = PluginInfo(id: id, name: "", vendor: "", version: "", description: "", formats: [],
                                     optionsSchema: "", abiVersion: "", path: candidate.path, hasProbe: false)
        try PluginAdmission.check(provisional, trust: candidate.trust, scope: scope, allowUnsigned: allowUnsigned,
                                  requireCertification: requireCertification)
        let library = try PluginLibrary(path: candidate.path)
        guard library.info.id == id else {
            throw PluginLoadError.incompatible(
                path: candidate.path, reason: "its descriptor says '\(library.info.id)', but it was installed as '\(id)'")
        }
        return (library, candidate.trust)
    }

    /// Every file's descriptor, for listings: trusted files are loaded in this process, unsigned
    /// ones are read in a worker. An unsigned file whose id a trusted file (or an earlier unsigned
    /// file) already provides is listed with that problem.
    public func describeAll() -> [Listing] {
        var listings: [Listing] = []
        var owner: [String: String] = [:]
        for candidate in candidates where candidate.declaredID != nil {
            owner[candidate.declaredID ?? ""] = candidate.path
        }
        for candidate in candidates {
            do {
                let info = candidate.declaredID == nil ? try describer.describe(pluginAt: candidate.path)
                    : try PluginLibrary(path: candidate.path).info
                if candidate.declaredID == nil {
                    if let first = owner[info.id] {
                        listings.append(Listing(path: candidate.path, trust: candidate.trust, info: info,
                                                problem: Self.shadowWarning(path: candidate.path, id: info.id, owner: first)))
                        continue
                    }
                    owner[info.id] = candidate.path
                }
                listings.append(Listing(path: candidate.path, trust: candidate.trust, info: info, problem: nil))
            } catch let error as PluginLoadError {
                listings.append(Listing(path: candidate.path, trust: candidate.trust, info: nil, problem: error.description))
            } catch {
                listings.append(Listing(path: candidate.path, trust: candidate.trust, info: nil, problem: "\(candidate.path): \(error)"))
            }
        }
        return listings
    }

    /// Whether `file` is part of an install record (`<so>.manifest.json`, `<so>.sig`), not a plugin.
    static func isInstallRecord(_ file: String) -> Bool {
        file.hasSuffix(".manifest.json") || file.hasSuffix(".sig") || file.hasPrefix(".")
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
