/// The host's policy for running a connector plugin on a source: untrusted plugins only in
/// development mode, and optionally only installed packages with a passing certification report.
public enum PluginAdmission {
    /// Who decides: a configured site, or the command line (no site).
    public enum Scope: Sendable, Equatable {
        /// The source belongs to this site of the configuration.
        case site(String)
        /// No site: the `--allow-unsigned` flag decides.
        case commandLine
    }

    /// Refuses `plugin` unless the policy admits it.
    /// - Parameters:
    ///   - allowUnsigned: development mode (the site's `plugins.allow_unsigned`, or `--allow-unsigned` without a site).
    ///   - requireCertification: the site's `plugins.require_certification`; bundled plugins are
    ///     certified by the project's CI and always pass it.
    /// - Throws: ``PluginAdmissionError``.
    public static func check(_ plugin: PluginInfo, trust: PluginTrust, scope: Scope, allowUnsigned: Bool,
                             requireCertification: Bool) throws {
        if case let .unsigned(reason) = trust, !allowUnsigned {
            throw PluginAdmissionError.untrusted(id: plugin.id, path: plugin.path, reason: reason, scope: scope)
        }
        guard requireCertification else { return }
        switch trust {
        case .bundled, .signed(_, certified: true):
            return
        default:
            throw PluginAdmissionError.notCertified(id: plugin.id, path: plugin.path, scope: scope)
        }
    }
}

/// Why the host refused to run a plugin.
public enum PluginAdmissionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Neither bundled nor installed from a signed package, outside development mode.
    case untrusted(id: String, path: String, reason: String, scope: PluginAdmission.Scope)
    /// Certification is required but the install record has no passing report.
    case notCertified(id: String, path: String, scope: PluginAdmission.Scope)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .untrusted(id, path, reason, .site(site)):
            return "plugin \(id) (\(path)) is not trusted: \(reason); site '\(site)' does not allow unsigned plugins "
                + "(development mode: plugins.allow_unsigned: true)"
        case let .untrusted(id, path, reason, .commandLine):
            return "plugin \(id) (\(path)) is not trusted: \(reason); pass --allow-unsigned to run it anyway (development)"
        case let .notCertified(id, path, .site(site)):
            return "plugin \(id) (\(path)) has no passing certification report; site '\(site)' requires one "
                + "(plugins.require_certification)"
        case let .notCertified(id, path, .commandLine):
            return "plugin \(id) (\(path)) has no passing certification report"
        }
    }
}
