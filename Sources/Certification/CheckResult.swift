/// The result of one check, as the worker writes it (one JSON line) and the report lists it.
public struct CheckResult: Sendable, Codable, Equatable {
    /// The check's stable id.
    public var id: CheckID
    /// passed, failed, crashed, skipped or warning.
    public var status: CheckStatus
    /// What was checked or what went wrong: file names, offsets, counts; never record contents.
    public var detail: String
    /// Wall-clock time of the check, measured by the parent (worker start to exit).
    public var durationMs: Int
    /// Measurements (e.g. `peak_rss_kb`, `ms_per_mb`); machine-dependent, so kept out of `detail`.
    public var metrics: [String: Double]
    /// For a failed, crashed or warning result: the rule that was broken (``CheckID/rule``).
    public var rule: String?
    /// For a failed, crashed or warning result: how to fix it (``CheckID/fix`` or ``CheckID/crashFix``).
    public var fix: String?

    /// Creates a result.
    public init(id: CheckID, status: CheckStatus, detail: String, durationMs: Int = 0, metrics: [String: Double] = [:]) {
        self.id = id
        self.status = status
        self.detail = detail
        self.durationMs = durationMs
        self.metrics = metrics
    }

    enum CodingKeys: String, CodingKey {
        case id, status, detail, metrics, rule, fix
        case durationMs = "duration_ms"
    }

    /// Names the broken rule and the fix, in ``rule`` / ``fix`` and at the end of ``detail``
    /// ("… Rule: …. Fix: …."), when the status is failed, crashed or warning.
    public mutating func explain() {
        guard status.isFailure || status == .warning, rule == nil else { return }
        let rule = id.rule, fix = status == .crashed ? id.crashFix : id.fix
        self.rule = rule
        self.fix = fix
        detail += ". Rule: \(rule). Fix: \(fix)."
    }
}
