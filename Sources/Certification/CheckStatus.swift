/// The outcome of one check.
public enum CheckStatus: String, Sendable, Codable, CaseIterable {
    /// The plugin meets the check's criteria.
    case passed
    /// The plugin broke a criterion; `detail` says which, where, and with which input.
    case failed
    /// The worker died (signal), hung (timeout) or ended without a result.
    case crashed
    /// The check could not run (no corpus, plugin not loadable); `detail` says why.
    case skipped
    /// A machine-dependent result (throughput) or a soft finding; does not fail certification.
    case warning

    /// Whether this status makes the whole certification fail.
    public var isFailure: Bool { self == .failed || self == .crashed }
}
