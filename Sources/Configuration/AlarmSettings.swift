/// The `alarms:` section of a site: which toll-fraud and anomaly rules run on the site's calls, with
/// which thresholds, and where alarms are sent (see `docs/alarms.md`). Every field has a documented
/// default; a site without the section runs every rule with the defaults and sends nothing.
public struct AlarmSettings: Sendable, Equatable {
    /// Whether the site's calls are evaluated at all (`enabled`, default `true`).
    public var enabled = true
    /// Business hours, minutes after local midnight: `[start, end)`; default 08:00–18:00.
    public var businessStartMinute = 8 * 60
    /// End of business hours (exclusive), minutes after local midnight.
    public var businessEndMinute = 18 * 60
    /// Business days, ISO weekday numbers (1 = Monday … 7 = Sunday); default Monday to Friday.
    public var businessDays: Set<Int> = [1, 2, 3, 4, 5]
    /// Number categories that raise `after_hours` outside business hours; default international and premium.
    public var afterHoursCategories: [String] = ["international", "premium"]
    /// E.164 prefixes of high-risk destinations; default the NANP high-risk area codes.
    public var highRiskPrefixes: [String] = AlarmSettings.nanpHighRisk
    /// Country calling codes (digits) whose every number is high-risk; default none.
    public var highRiskCountries: [String] = []
    /// `long_call`: a leg talking longer than this many seconds raises an alarm (equal does not); default 7200.
    public var maxCallSeconds = 7200
    /// `call_cost`: a leg costing more than this (minor units) raises an alarm (equal does not); default 5000.
    public var maxCallCostMinor: Int64 = 5000
    /// `concurrent_international`: more than this many international legs at once raise an alarm; default 5.
    public var maxConcurrentInternational = 5
    /// Spikes: the number of previous days the baseline covers; default 28.
    public var spikeBaselineDays = 28
    /// Spikes: the fewest of those days with calls before a baseline counts; default 7.
    public var spikeMinimumBaselineDays = 7
    /// Spikes: today's value must exceed mean + `spikeSigma` · standard deviation; default 3.
    public var spikeSigma = 3.0
    /// `cost_spike`: today's cost must also exceed this floor (minor units); default 1000.
    public var spikeMinimumCostMinor: Int64 = 1000
    /// `volume_spike`: today's number of calls must also exceed this floor; default 20.
    public var spikeMinimumCalls = 20
    /// `unknown_extension`: alarm on calls from extensions nobody is assigned to at the call's start; default `true`.
    public var unknownExtensions = true
    /// Where alarms are posted, if anywhere.
    public var webhook: AlarmWebhookSettings?
    /// Who alarms are mailed to, if anyone (over the top-level `mail:` section's SMTP server).
    public var mail: AlarmMailSettings?
    /// Line of the section (for messages).
    public var line = 0

    /// The NANP area codes that look domestic but are billed as international or premium.
    public static let nanpHighRisk = ["+1242", "+1284", "+1809", "+1876", "+1900", "+1976"]

    /// The defaults.
    public init() {}
}

/// `alarms.webhook`: an HTTP endpoint every new alarm of the site is POSTed to, signed with
/// HMAC-SHA-256 (see `docs/alarms.md`).
public struct AlarmWebhookSettings: Sendable, Equatable {
    /// The URL (`http://` or `https://`).
    public var url: String
    /// The file holding the shared secret (mode 0600, checked when it is read).
    public var secretFile: String
    /// Seconds one attempt may take; default 10.
    public var timeoutSeconds = 10
    /// Attempts before a delivery is given up; default 12.
    public var maxAttempts = 12
    /// Seconds before the first retry; doubled after each failure; default 30.
    public var retryInitialSeconds = 30
    /// The longest wait between two attempts, seconds; default 3600.
    public var retryMaxSeconds = 3600

    /// Creates settings with the defaults.
    public init(url: String, secretFile: String) {
        self.url = url
        self.secretFile = secretFile
    }
}

/// `alarms.mail`: addresses every new alarm of the site is mailed to (SMTP from the top-level
/// `mail:` section; see `docs/alarms.md`).
public struct AlarmMailSettings: Sendable, Equatable {
    /// The addresses (a security or telecom team; the message names no person and no number).
    public var recipients: [String]
    /// Attempts before a delivery is given up; default 5.
    public var maxAttempts = 5
    /// Seconds before the first retry; doubled after each failure; default 60.
    public var retryInitialSeconds = 60
    /// The longest wait between two attempts, seconds; default 3600.
    public var retryMaxSeconds = 3600

    /// Settings for `recipients` with the defaults.
    public init(recipients: [String]) {
        self.recipients = recipients
    }
}
