import Store
import TollbookCore

/// What the rules look at of one stored leg. The remote number is kept only to match the
/// high-risk list; it never reaches an alarm, a log line or a notification.
public struct AlarmCall: Sendable, Equatable {
    /// The store's id of the leg.
    public var id: Int64
    /// The site of the leg's source.
    public var site: String
    /// The local party's site-scoped extension key (`berlin/2001`), "" when unknown.
    public var extensionKey: String
    /// The trunk the leg used.
    public var trunk: String
    /// Start, UTC ms.
    public var startMs: Int64
    /// End, UTC ms.
    public var endMs: Int64
    /// Whether the leg was answered.
    public var answered: Bool
    /// Talk time, ms.
    public var talkMs: Int64
    /// Whether the organisation placed the call.
    public var outgoing: Bool
    /// The remote party's number category (`international`, `premium`, …).
    public var category: String
    /// The remote party in E.164 (only for the high-risk list).
    public var remoteE164: String
    /// The tariff zone and its destination name (what messages show instead of the number).
    public var zone: String
    /// The zone's destination name.
    public var destination: String
    /// The cost in minor units, when rated.
    public var costMinor: Int64?
    /// The cost's currency.
    public var currency: String

    /// Creates a fact (tests write them by hand; ``init(stored:site:)`` reads them from a leg).
    public init(id: Int64, site: String, extensionKey: String, trunk: String = "", startMs: Int64, endMs: Int64,
                answered: Bool = true, talkMs: Int64, outgoing: Bool = true, category: String, remoteE164: String = "",
                zone: String = "", destination: String = "", costMinor: Int64? = nil, currency: String = "EUR") {
        self.id = id
        self.site = site
        self.extensionKey = extensionKey
        self.trunk = trunk
        self.startMs = startMs
        self.endMs = endMs
        self.answered = answered
        self.talkMs = talkMs
        self.outgoing = outgoing
        self.category = category
        self.remoteE164 = remoteE164
        self.zone = zone
        self.destination = destination
        self.costMinor = costMinor
        self.currency = currency
    }

    /// The facts of a stored leg of `site` (as the query layer returns it).
    public init(stored: StoredCall, site: String) {
        let call = stored.call
        let pricing = call.pricing
        var key = pricing?.extensionKey ?? ""
        if key.isEmpty, !call.parties.extension.isEmpty { key = "\(site)/\(call.parties.extension)" }
        self.init(id: stored.id, site: site, extensionKey: key, trunk: call.trunk, startMs: call.startMs, endMs: call.endMs,
                  answered: call.answerMs != nil, talkMs: call.talkMs, outgoing: call.direction == .outgoing,
                  category: pricing?.remoteCategory ?? "", remoteE164: pricing?.remoteE164 ?? "", zone: pricing?.zone ?? "",
                  destination: pricing?.destination ?? "", costMinor: pricing?.costMinor, currency: pricing?.currency ?? "")
    }

    /// Where the call went, as messages may show it: the zone's destination, else the zone, else the category.
    public var destinationLabel: String {
        if !destination.isEmpty { return destination }
        if !zone.isEmpty { return "zone \(zone)" }
        return category.isEmpty ? "an unclassified destination" : "a destination of category \(category)"
    }
}
