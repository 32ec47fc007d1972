import Foundation

/// Whether the host trusts a loaded plugin, and why.
///
/// A plugin is trusted when it is *bundled* (it sits in the directory of the running executable,
/// built and certified with the host) or *signed*: an install record (`<so>.manifest.json` and
/// `<so>.sig`, written by `tollbook plugin install`) lies beside it, its signature verifies with an
/// unrevoked key of the trust store, and the manifest's SHA-256 of the `.so` matches the file.
public enum PluginTrust: Sendable, Equatable {
    /// In the executable's directory.
    case bundled
    /// Installed from a signed package; `certified` when the package's report passed.
    case signed(keyID: String, certified: Bool)
    /// Neither; `reason` says what is missing or wrong.
    case unsigned(reason: String)

    /// `bundled`, `signed:<key id>` or `unsigned` (for `tollbook plugins list`).
    public var label: String {
        switch self {
        case .bundled: return "bundled"
        case let .signed(keyID, _): return "signed:\(keyID)"
        case .unsigned: return "unsigned"
        }
    }

    /// Whether the plugin may run without development mode.
    public var isTrusted: Bool {
        if case .unsigned = self { return false }
        return true
    }

    /// The file names of the install record of the shared object at `path`.
    public static func recordPaths(forPluginAt path: String) -> (manifest: String, signature: String) {
        (path + ".manifest.json", path + ".sig")
    }

    /// Evaluates the plugin at `path` without loading it.
    /// - Parameters:
    ///   - trustStore: the trusted keys (`nil`: none).
    ///   - bundledDirectory: the running executable's directory.
    public static func evaluate(pluginAt path: String, trustStore: TrustStore?,
                                bundledDirectory: String? = PluginCatalog.executableDirectory()) -> PluginTrust {
        inspect(pluginAt: path, trustStore: trustStore, bundledDirectory: bundledDirectory).trust
    }

    /// Evaluates the plugin at `path` without loading it, and says which connector id it provides
    /// when that is known without running its code: from the host's table of bundled plugins, or
    /// from a verified install record's manifest.
    ///
    /// A file is *bundled* only when it lies in the executable's directory under one of the names
    /// of ``BundledPlugins`` (any other `.so` dropped there is unsigned). A *signed* file's
    /// signature is checked with the trust store and its SHA-256 against the signed manifest.
    public static func inspect(pluginAt path: String, trustStore: TrustStore?,
                               bundledDirectory: String? = PluginCatalog.executableDirectory()) -> (trust: PluginTrust, declaredID: String?) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().standardizedFileURL.resolvingSymlinksInPath().path
        if let bundledDirectory,
           URL(fileURLWithPath: bundledDirectory).standardizedFileURL.resolvingSymlinksInPath().path == directory,
           let id = BundledPlugins.id(ofFile: url.lastPathComponent) {
            return (.bundled, id)
        }
        let record = recordPaths(forPluginAt: path)
        guard let manifestData = FileManager.default.contents(atPath: record.manifest),
              let signatureData = FileManager.default.contents(atPath: record.signature)
        else { return (.unsigned(reason: "no install record (install it with `tollbook plugin install`)"), nil) }
        do {
            let manifest = try PackageManifest.decode(manifestData, name: record.manifest)
            let signature = try PackageSignature.decode(signatureData, name: record.signature)
            guard let trustStore else { return (.unsigned(reason: "no trust store"), nil) }
            let keyID = try trustStore.verify(signature, over: manifestData)
            guard let entry = manifest.sharedObject, let data = FileManager.default.contents(atPath: path),
                  TrustStore.sha256Hex(data) == entry.sha256
            else { return (.unsigned(reason: "the file does not match the SHA-256 of its signed manifest"), nil) }
            return (.signed(keyID: keyID, certified: manifest.certification?.passed == true), manifest.id)
        } catch {
            return (.unsigned(reason: "\(error)"), nil)
        }
    }
}
