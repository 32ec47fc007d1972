import Privacy

/// The configuration of one site: its PBX sources, time zone, numbering plan and providers.
public struct SiteConfiguration: Sendable, Equatable {
    /// The site's name (unique in the file).
    public var name: String
    /// IANA time zone of the site.
    public var timeZone: String
    /// Names of the sources (`tollbook import --source`) that belong to the site.
    public var sources: [String]
    /// The numbering plan.
    public var numbering: NumberingSettings
    /// Which provider carries which calls.
    public var providers: ProviderSettings
    /// Line of the site's entry (for later messages).
    public var line: Int
    /// Which plugins may read the site's sources.
    public var plugins = PluginPolicySettings()
    /// The connector instances `tollbook serve` runs for the site (their names are among ``sources``).
    public var connectors: [ConnectorInstanceSettings] = []
    /// How the site's calls get their category (private prefixes, private PINs, project codes).
    public var categories = CategoryRules()
    /// The KPI engine's parameters (`analytics:`; defaults when absent).
    public var analytics = AnalyticsSettings()
    /// The toll-fraud and anomaly alarm rules of the site (`alarms:`, see `docs/alarms.md`).
    public var alarms = AlarmSettings()

    /// Creates a site (the configuration reader makes them; tests and tools may too).
    public init(name: String, timeZone: String, sources: [String], numbering: NumberingSettings,
                providers: ProviderSettings, line: Int = 0) {
        self.name = name
        self.timeZone = timeZone
        self.sources = sources
        self.numbering = numbering
        self.providers = providers
        self.line = line
    }
}

/// The numbering plan of a site, as written in the configuration.
public struct NumberingSettings: Sendable, Equatable {
    /// Country calling code without `+`, e.g. `49`.
    public var countryCode: String
    /// Area code without the national prefix, e.g. `30`.
    public var areaCode: String
    /// International prefix, e.g. `00`.
    public var internationalPrefix: String = "00"
    /// National (trunk) prefix, e.g. `0`.
    public var nationalPrefix: String = "0"
    /// Outside-line (trunk access) prefixes the PBX records before dialled external numbers, e.g.
    /// `["0"]`; empty when it records dialled numbers without one. Required in the configuration
    /// (`numbering.outside_line_prefixes`): a wrong guess here silently misreads every number.
    public var outsideLinePrefixes: [String]
    /// Internal extension ranges, e.g. `2000-2999` (digit strings: leading zeros count).
    public var extensions: [DigitRange] = []
    /// DID blocks: an E.164 prefix and the extension range it maps.
    public var didBlocks: [DIDBlockSettings] = []
    /// Call-by-call prefix patterns (digits and classes such as `010[1-9][0-9]`); `nil` = the
    /// country's defaults.
    public var callByCallPatterns: [String]?

    /// Creates settings with German defaults for everything but the codes and the outside-line
    /// prefixes, which every site must state.
    public init(countryCode: String, areaCode: String, outsideLinePrefixes: [String]) {
        self.countryCode = countryCode
        self.areaCode = areaCode
        self.outsideLinePrefixes = outsideLinePrefixes
    }
}

/// A range of digit strings of equal length, e.g. `2000`–`2999` (a single number is a range of one).
public struct DigitRange: Sendable, Equatable {
    /// The first number.
    public var first: String
    /// The last number.
    public var last: String

    /// Creates a range.
    public init(_ first: String, _ last: String) {
        self.first = first
        self.last = last
    }
}

/// A block of direct-inward-dialling numbers: `prefix` + extension = the extension's E.164 number.
public struct DIDBlockSettings: Sendable, Equatable {
    /// E.164 prefix, e.g. `+4930555`.
    public var prefix: String
    /// The extensions it covers.
    public var extensions: DigitRange

    /// Creates a block.
    public init(prefix: String, extensions: DigitRange) {
        self.prefix = prefix
        self.extensions = extensions
    }
}

/// Provider selection of a site.
public struct ProviderSettings: Sendable, Equatable {
    /// The provider of all calls not routed otherwise (tariff file name without `.ini`).
    public var defaultProvider: String
    /// Preselection: local calls go through this provider instead.
    public var localProvider: String?
    /// Call-by-call: a dialled prefix selects its provider.
    public var callByCall: [String: String] = [:]

    /// Creates a selection.
    public init(defaultProvider: String, localProvider: String? = nil, callByCall: [String: String] = [:]) {
        self.defaultProvider = defaultProvider
        self.localProvider = localProvider
        self.callByCall = callByCall
    }
}
