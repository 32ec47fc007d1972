/// The `mail:` section: the SMTP server scheduled reports are sent through (docs/mail.md).
///
/// ```yaml
/// mail:
///   host: smtp.example.com
///   port: 587                  # default 587 (submission); STARTTLS is always required
///   from: tollbook@example.com
///   user: tollbook             # optional: AUTH user name
///   password_file: smtp.pw     # with user: the password, in a file of mode 0600
///   ca_file: private-ca.pem    # optional: trust this CA for the server's certificate
///   timeout_seconds: 30        # connect and transfer timeout
///   retry: { attempts: 5, initial_seconds: 60, max_seconds: 3600 }
/// ```
public struct MailConfiguration: Sendable, Equatable {
    /// The SMTP server's host name or address.
    public var host: String
    /// The SMTP server's port.
    public var port: Int = 587
    /// The envelope and header sender address.
    public var from: String
    /// The AUTH user name, if the server needs one.
    public var user: String?
    /// The file holding the AUTH password (mode 0600 is checked when it is read).
    public var passwordFile: String?
    /// A CA certificate file (PEM) for a server certificate of a private CA.
    public var caFile: String?
    /// Connect and transfer timeout in seconds.
    public var timeoutSeconds: Int = 30
    /// How often a failed send is tried in all (the first try included).
    public var retryAttempts: Int = 5
    /// The wait before the first retry; it doubles with every further retry.
    public var retryInitialSeconds: Int = 60
    /// The longest wait between two tries.
    public var retryMaxSeconds: Int = 3600
    /// Line of the section in the file.
    public var line: Int

    /// Creates the section's settings (defaults for everything optional).
    public init(host: String, from: String, line: Int) {
        self.host = host
        self.from = from
        self.line = line
    }
}

/// One entry of the `reports:` section: a report mailed on a schedule (docs/mail.md).
///
/// ```yaml
/// reports:
///   - name: sales-monthly
///     report: costs
///     filters: { node: Berlin/Sales, period: last_month }
///     recipients: [anna@example.com, "manager:Berlin/Sales"]
///     schedule: "0 7 1 * *"
///     time_zone: Europe/Berlin     # default: the first site's
///     format: pdf                  # pdf, xlsx, csv, json or html
///     language: de                 # de or en
///     allow_unmapped_recipients: false
/// ```
public struct ScheduledReportConfiguration: Sendable, Equatable {
    /// The periods a `filters.period` may name.
    public static let periods = ["yesterday", "last_7_days", "last_week", "last_month", "this_month", "last_30_days"]
    /// The output formats.
    public static let formats = ["pdf", "xlsx", "csv", "json", "html"]
    /// The languages.
    public static let languages = ["de", "en"]
    /// The filter keys a scheduled report may set.
    public static let filterKeys = ["node", "site", "period", "by", "level", "provider", "zone", "trunk", "limit", "participant", "top", "rank_by"]

    /// The schedule's unique name (`tollbook reports run NAME`).
    public var name: String
    /// Which report of the catalogue.
    public var report: String
    /// Its filters (`period` defaults to `last_month`).
    public var filters: [String: String]
    /// Addresses, or `manager:<org path>` for that node's managers.
    public var recipients: [String]
    /// Five-field cron expression.
    public var schedule: String
    /// Time zone the schedule and the period are read in (`nil`: the first site's, else UTC).
    public var timeZone: String?
    /// `pdf`, `xlsx`, `csv`, `json` or `html`.
    public var format: String
    /// `de` or `en`.
    public var language: String
    /// Whether an address that maps to no user may receive the report (rendered as the database owner).
    public var allowUnmappedRecipients: Bool = false
    /// Line of the entry.
    public var line: Int
    /// Line of the `schedule` value (for cron errors).
    public var scheduleLine: Int
    /// Position in the section (for keys such as `reports[0].schedule`).
    public var index: Int

    /// Creates an entry.
    public init(name: String, report: String, filters: [String: String], recipients: [String], schedule: String,
                timeZone: String?, format: String, language: String, line: Int, scheduleLine: Int, index: Int) {
        self.name = name
        self.report = report
        self.filters = filters
        self.recipients = recipients
        self.schedule = schedule
        self.timeZone = timeZone
        self.format = format
        self.language = language
        self.line = line
        self.scheduleLine = scheduleLine
        self.index = index
    }

    /// Whether `text` is a plain mail address (`local@domain`, no spaces, brackets, quotes or line breaks).
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.utf8.count <= 254,
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7f && !"<>()[]\\,;:\"".unicodeScalars.contains(scalar)
        }
    }
}
