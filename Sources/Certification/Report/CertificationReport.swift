import Foundation

/// The result of a certification run: the plugin, the suite version, the seed and every check.
public struct CertificationReport: Sendable, Codable, Equatable {
    /// Counts of results per status.
    public struct Summary: Sendable, Codable, Equatable {
        /// Checks that passed.
        public var passed = 0
        /// Checks that failed.
        public var failed = 0
        /// Checks whose worker crashed or timed out.
        public var crashed = 0
        /// Checks that could not run.
        public var skipped = 0
        /// Checks with a warning.
        public var warning = 0
        /// Whether the plugin is certified: nothing failed or crashed.
        public var certified: Bool { failed == 0 && crashed == 0 }

        enum CodingKeys: String, CodingKey { case passed, failed, crashed, skipped, warning, certified }

        /// Creates a summary of `checks`.
        public init(_ checks: [CheckResult]) {
            for check in checks {
                switch check.status {
                case .passed: passed += 1
                case .failed: failed += 1
                case .crashed: crashed += 1
                case .skipped: skipped += 1
                case .warning: warning += 1
                }
            }
        }

        /// Decodes a summary (``certified`` is derived).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            passed = try container.decode(Int.self, forKey: .passed)
            failed = try container.decode(Int.self, forKey: .failed)
            crashed = try container.decode(Int.self, forKey: .crashed)
            skipped = try container.decode(Int.self, forKey: .skipped)
            warning = try container.decode(Int.self, forKey: .warning)
        }

        /// Encodes the counts and ``certified``.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(passed, forKey: .passed)
            try container.encode(failed, forKey: .failed)
            try container.encode(crashed, forKey: .crashed)
            try container.encode(skipped, forKey: .skipped)
            try container.encode(warning, forKey: .warning)
            try container.encode(certified, forKey: .certified)
        }
    }

    /// The plugin certified.
    public var plugin: PluginIdentity
    /// ``CertificationRunner/suiteVersion``.
    public var suiteVersion: String
    /// The seed: pass it as `--seed` to replay the same inputs.
    public var seed: UInt64
    /// Every check's result, in run order.
    public var checks: [CheckResult]
    /// Counts per status.
    public var summary: Summary

    /// Creates a report.
    public init(plugin: PluginIdentity, suiteVersion: String, seed: UInt64, checks: [CheckResult]) {
        self.plugin = plugin
        self.suiteVersion = suiteVersion
        self.seed = seed
        self.checks = checks
        summary = Summary(checks)
    }

    enum CodingKeys: String, CodingKey {
        case plugin, seed, checks, summary
        case suiteVersion = "suite_version"
    }

    /// The report as pretty-printed JSON with snake_case keys.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
