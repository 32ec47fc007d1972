/// Which provider carries a site's calls: one provider for all, preselection with local calls via
/// another provider, and call-by-call access codes that select a provider per call.
public struct ProviderSelection: Sendable, Hashable {
    /// The provider of every call not selected otherwise.
    public var defaultProvider: String
    /// The provider of calls whose category is `local` (preselection with local calls via another carrier).
    public var localProvider: String?
    /// Call-by-call access code (e.g. `01077`) → provider id. Codes from the tariffs' `access_codes`
    /// are added by ``Rater``; entries here win over them.
    public var callByCall: [String: String]

    /// Creates a selection.
    public init(defaultProvider: String, localProvider: String? = nil, callByCall: [String: String] = [:]) {
        self.defaultProvider = defaultProvider
        self.localProvider = localProvider
        self.callByCall = callByCall
    }

    /// One provider for all calls.
    public static func single(_ provider: String) -> ProviderSelection {
        ProviderSelection(defaultProvider: provider)
    }

    /// Preselection of `provider`, with local calls via `local`.
    public static func preselection(_ provider: String, local: String) -> ProviderSelection {
        ProviderSelection(defaultProvider: provider, localProvider: local)
    }
}

/// Why a provider was chosen for a call (shown in the explanation).
public enum ProviderChoice: Sendable, Hashable {
    /// The site's default provider.
    case defaultProvider
    /// The local-call provider of a preselection setup.
    case localProvider
    /// A call-by-call access code dialled before the number.
    case callByCall(accessCode: String)
}
