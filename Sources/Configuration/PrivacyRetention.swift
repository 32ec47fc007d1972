import Foundation

/// A retention period: a whole number of days, weeks, months or years (`3 months`, `10 years`).
/// Expiry is calendar arithmetic in UTC: a call of 15 March with `3 months` expires after 15 June.
public struct RetentionPeriod: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The unit of a period.
    public enum Unit: String, Sendable, CaseIterable {
        case day, week, month, year
    }

    /// How many units.
    public var amount: Int
    /// The unit.
    public var unit: Unit

    /// Creates a period.
    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// `3 months`, `1 year`.
    public var description: String { "\(amount) \(unit.rawValue)\(amount == 1 ? "" : "s")" }

    /// Days, for comparing periods (a month counts 30 days, a year 365).
    public var approximateDays: Int {
        switch unit {
        case .day: return amount
        case .week: return amount * 7
        case .month: return amount * 30
        case .year: return amount * 365
        }
    }

    /// The instant `asOfMs` minus this period (UTC calendar): data older than it has expired.
    public func cutoffMs(asOfMs: Int64) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let date = Date(timeIntervalSince1970: TimeInterval(asOfMs) / 1000)
        var components = DateComponents()
        switch unit {
        case .day: components.day = -amount
        case .week: components.day = -amount * 7
        case .month: components.month = -amount
        case .year: components.year = -amount
        }
        guard let cutoff = calendar.date(byAdding: components, to: date) else { return .min }
        return Int64((cutoff.timeIntervalSince1970 * 1000).rounded())
    }

    /// Reads `3 months`, `1 year`, `90 days`, `2 weeks` (singular or plural), `nil` otherwise.
    public init?(parsing text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let amount = Int(parts[0]), amount >= 1, amount <= 100_000 else { return nil }
        var word = parts[1].lowercased()
        if word.hasSuffix("s") { word.removeLast() }
        guard let unit = Unit(rawValue: word) else { return nil }
        self.init(amount, unit)
    }
}

/// The data classes retention applies to.
public enum RetentionDataClass: String, Sendable, CaseIterable {
    /// The raw journal's bytes (`tollbook serve`).
    case journal
    /// Call detail (the calls table).
    case detail
    /// Quarantined records with their raw bytes.
    case rejects
    /// k-safe sums of deleted detail (per month × org node × category).
    case aggregates
    /// The audit log.
    case audit
    /// Four-eyes unlock records (kept by the unlock stream; see `docs/privacy.md`).
    case unlock

    /// The longest period the class allows; a longer rule is refused.
    public var maximum: RetentionPeriod {
        switch self {
        case .journal, .detail, .rejects: return RetentionPeriod(2, .year)
        case .aggregates, .audit, .unlock: return RetentionPeriod(10, .year)
        }
    }
}

/// The call categories retention rules name (the store's `calls.category`).
public enum RetentionCategories {
    /// `business`, `project`, `private`, `pin`.
    public static let all = ["business", "project", "private", "pin"]
}

/// Detail and aggregate periods per category, for one person group (or the default).
public struct RetentionRule: Sendable, Equatable {
    /// Call detail per category; a category not named inherits from the parent group or the default.
    public var detail: [String: RetentionPeriod]
    /// k-safe sums per category; likewise inherited.
    public var aggregates: [String: RetentionPeriod]

    /// Creates a rule.
    public init(detail: [String: RetentionPeriod] = [:], aggregates: [String: RetentionPeriod] = [:]) {
        self.detail = detail
        self.aggregates = aggregates
    }

    /// The spec's defaults: private/PIN detail 3 months, business/project detail 6 months, sums 10 years.
    public static let defaults = RetentionRule(
        detail: ["business": RetentionPeriod(6, .month), "project": RetentionPeriod(6, .month),
                 "private": RetentionPeriod(3, .month), "pin": RetentionPeriod(3, .month)],
        aggregates: Dictionary(uniqueKeysWithValues: RetentionCategories.all.map { ($0, RetentionPeriod(10, .year)) }))
}

/// A rule for a person group: an org node (path such as `Berlin/Sales`) and its sub-units.
public struct RetentionGroupRule: Sendable, Equatable {
    /// The org node's path.
    public var node: String
    /// Its periods (only the ones it sets).
    public var rule: RetentionRule
    /// Line in the file, for messages.
    public var line: Int

    /// Creates a group rule.
    public init(node: String, rule: RetentionRule, line: Int = 0) {
        self.node = node
        self.rule = rule
        self.line = line
    }
}

/// `privacy: retention:` — how long each data class is kept, per person group and category.
public struct RetentionConfiguration: Sendable, Equatable {
    /// The rule for everybody not under a group (starts from ``RetentionRule/defaults``).
    public var defaultRule: RetentionRule = .defaults
    /// Rules for org nodes, inherited by their sub-units.
    public var groups: [RetentionGroupRule] = []
    /// Raw journal bytes (never longer than the shortest detail period).
    public var journal = RetentionPeriod(3, .month)
    /// Quarantined records.
    public var rejects = RetentionPeriod(3, .month)
    /// The audit log.
    public var audit = RetentionPeriod(2, .year)
    /// Unlock records.
    public var unlock = RetentionPeriod(2, .year)
    /// Seconds between two runs in `tollbook serve` (default 24 h).
    public var intervalSeconds = 86_400
    /// Seconds after `serve` starts until its first run (default 300: 5 minutes).
    public var firstRunAfterSeconds = 300

    /// The defaults.
    public init() {}

    /// The shortest detail period of any rule.
    public var shortestDetail: RetentionPeriod {
        ([defaultRule.detail] + groups.map(\.rule.detail)).flatMap(\.values).min { $0.approximateDays < $1.approximateDays }
            ?? RetentionPeriod(3, .month)
    }

    /// Why `service.journal.retention_days` is refused: the journal's raw bytes hold every call's
    /// numbers, so they must not outlive the shortest detail retention; `nil` when it does not.
    public func journalProblem(serviceJournalDays days: Int) -> String? {
        guard days > shortestDetail.approximateDays else { return nil }
        return "\(days) days outlives the shortest detail retention (\(shortestDetail), privacy.retention): "
            + "the journal's raw bytes hold every call's numbers"
    }
}

/// A legal hold: data of some categories that erasure keeps (as sums without numbers) because a
/// law requires it, e.g. billed private charges under Art. 17(3)(b) GDPR with § 147 AO.
public struct LegalHold: Sendable, Equatable {
    /// What is kept, e.g. `billed private charges`.
    public var name: String
    /// The categories it covers.
    public var categories: [String]
    /// The legal basis, e.g. `Art. 17(3)(b) GDPR with § 147 AO`.
    public var basis: String
    /// How long it is kept.
    public var period: RetentionPeriod

    /// Creates a hold.
    public init(name: String, categories: [String], basis: String, period: RetentionPeriod) {
        self.name = name
        self.categories = categories
        self.basis = basis
        self.period = period
    }

    /// The default: billed private charges (private and PIN calls' sums), 10 years, § 147 AO.
    public static let billedPrivateCharges = LegalHold(
        name: "billed private charges", categories: ["private", "pin"],
        basis: "Art. 17(3)(b) GDPR with § 147 AO and § 257 HGB (payroll records)", period: RetentionPeriod(10, .year))
}

/// `privacy: erasure:` — the receipt signing key and the legal holds.
public struct ErasureConfiguration: Sendable, Equatable {
    /// Ed25519 private key file (base64 of the raw key, mode 0600) that signs receipts; `nil`: the
    /// default `<store>.erasure.key` beside the store.
    public var signingKeyFile: String?
    /// Legal holds (default: ``LegalHold/billedPrivateCharges``).
    public var legalHolds: [LegalHold] = [.billedPrivateCharges]

    /// The defaults.
    public init() {}
}
