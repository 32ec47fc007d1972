/// A site's plugin policy (`sites[n].plugins`): which connector plugins may read its sources.
///
/// ```yaml
/// plugins:
///   allow_unsigned: false          # true = development mode: unsigned plugins may run
///   require_certification: false   # true = installed packages need a passing certification report
/// ```
public struct PluginPolicySettings: Sendable, Equatable {
    /// Development mode: plugins that are neither bundled nor installed from a signed package may run.
    public var allowUnsigned: Bool
    /// Installed packages must carry a certification report that passed.
    public var requireCertification: Bool

    /// Creates a policy (default: signed or bundled plugins only, no certification required).
    public init(allowUnsigned: Bool = false, requireCertification: Bool = false) {
        self.allowUnsigned = allowUnsigned
        self.requireCertification = requireCertification
    }
}
