/// An operator's request to the running service (`tollbook sites enable|disable|restart`), as
/// handed to the service's recorder before it takes effect.
public struct OperatorAction: Sendable, Equatable {
    /// What was asked.
    public enum Kind: String, Sendable {
        /// Enable an instance or a site's instances.
        case enable
        /// Disable an instance or a site's instances.
        case disable
        /// Restart an instance or a site's instances.
        case restart
    }

    /// What was asked.
    public var kind: Kind
    /// The instance or site named in the request.
    public var target: String
    /// The connector instances the request acts on.
    public var instances: [String]

    /// Creates an action.
    public init(kind: Kind, target: String, instances: [String]) {
        self.kind = kind
        self.target = target
        self.instances = instances
    }
}
