import Foundation

/// Rates calls of one site: picks the provider (``ProviderSelection``), the tariff version valid
/// at the call start, the zone by longest prefix and the time bands in the site's time zone, and
/// prices the call exactly. Immutable and `Sendable`: share one rater across threads.
public struct Rater: Sendable {
    /// The site's provider selection.
    public let selection: ProviderSelection
    /// The site's time zone; bands and holidays are read on its wall clock.
    public let timeZone: TimeZone
    let tariffs: [String: TariffBox]
    /// The same tariffs by index (``RatedOutcomeKey/tariff``).
    let boxes: [TariffBox]
    let accessCodes: [String: String]
    let offsets: ZoneOffsetTable
    /// The tariffs of the default and the local provider, found once rather than per call.
    let defaultBox: TariffBox?
    let localBox: TariffBox?

    /// Longest talk time rated (31 days); longer calls are unrated.
    static let maximumTalkMs: Int64 = 31 * 86_400_000

    /// Creates a rater.
    /// - Parameters:
    ///   - tariffs: the loaded tariffs; if two share a provider id, the first wins.
    ///   - selection: which provider carries which call; its call-by-call map wins over the tariffs' `access_codes`.
    ///   - timeZone: the site's time zone.
    public init(tariffs: [Tariff], selection: ProviderSelection, timeZone: TimeZone) {
        var byProvider: [String: TariffBox] = [:]
        var boxes: [TariffBox] = []
        for tariff in tariffs where byProvider[tariff.provider] == nil {
            let box = TariffBox(tariff, index: boxes.count)
            byProvider[tariff.provider] = box
            boxes.append(box)
        }
        self.tariffs = byProvider
        self.boxes = boxes
        var codes: [String: String] = [:]
        for tariff in tariffs {
            for code in tariff.accessCodes where codes[code] == nil { codes[code] = tariff.provider }
        }
        codes.merge(selection.callByCall, uniquingKeysWith: { _, explicit in explicit })
        self.accessCodes = codes
        self.selection = selection
        self.timeZone = timeZone
        self.offsets = ZoneOffsetTable(timeZone: timeZone)
        defaultBox = byProvider[selection.defaultProvider]
        localBox = selection.localProvider.flatMap { byProvider[$0] }
    }

    /// Rates one call. Internal calls and (unless the tariff says otherwise) unanswered calls are
    /// not billable; a call without provider, version, zone, band or rate is unrated with the reason.
    public func rate(_ request: RatingRequest) -> RatingOutcome {
        switch resolve(request) {
        case .decided(.unrated(let reason)):
            return .unrated(reason)
        case .decided(.notBillable(let reason)):
            return .notBillable(reason)
        case .context(let context):
            switch price(context) {
            case .failure(let reason): return .unrated(reason)
            case .success(let result): return .rated(makeCall(context, result))
            }
        }
    }

    /// Rates one call like ``rate(_:)``, but returns only what the store keeps per call: the
    /// rounded cost and a key of the shared part (``describe(_:)`` spells it out). Allocates
    /// nothing per call beyond the pricing itself: meant for rating millions of calls on import.
    public func rateSummary(_ request: RatingRequest) -> RatingSummary {
        switch resolve(request) {
        case .decided(.unrated(let reason)):
            return .unrated(reason)
        case .decided(.notBillable(let reason)):
            return .notBillable(reason)
        case .context(let context):
            switch price(context) {
            case .failure(let reason): return .unrated(reason)
            case .success(let result):
                return .rated(costMinor: costMinor(result, tariff: context.box.tariff), key: key(context, result))
            }
        }
    }

    /// Provider, version and zone of a call, or the outcome when the call is decided before pricing.
    enum Resolution {
        case decided(Decision)
        case context(CallContext)
    }

    /// A call decided before pricing.
    enum Decision {
        case unrated(UnratedReason)
        case notBillable(NotBillableReason)
    }

    /// Picks provider, tariff version and zone; decides calls that need no pricing.
    func resolve(_ request: RatingRequest) -> Resolution {
        if request.category == "internal" { return .decided(.notBillable(.internalCall)) }
        guard request.talkDurationMs >= 0, request.talkDurationMs <= Self.maximumTalkMs else {
            return .decided(.unrated(.implausibleDuration(milliseconds: request.talkDurationMs)))
        }
        let providerID: String
        let choice: ProviderChoice
        let found: TariffBox?
        if let code = request.callByCallPrefix, !code.isEmpty {
            guard let provider = accessCodes[code] else { return .decided(.unrated(.unknownCallByCallPrefix(code))) }
            (providerID, choice, found) = (provider, .callByCall(accessCode: code), tariffs[provider])
        } else if request.category == "local", let local = selection.localProvider {
            (providerID, choice, found) = (local, .localProvider, localBox)
        } else {
            (providerID, choice, found) = (selection.defaultProvider, .defaultProvider, defaultBox)
        }
        guard let box = found else { return .decided(.unrated(.noTariffForProvider(providerID))) }
        let answered = request.answered && request.talkDurationMs > 0
        if !answered && box.tariff.unanswered == .notBillable { return .decided(.notBillable(.notAnswered)) }
        guard let version = box.tariff.versionIndex(atUTC: request.startUTC) else {
            return .decided(.unrated(.noTariffVersion(provider: providerID, startUTC: request.startUTC)))
        }
        guard let match = box.tariff.trie.longestMatch(request.destination) else {
            return .decided(.unrated(.noZone(provider: providerID)))
        }
        var callByCall = false
        if case .callByCall = choice { callByCall = true }
        return .context(CallContext(
            box: box, versionIndex: version, zoneIndex: Int(match.value), destination: request.destination,
            prefixLength: match.length, choice: choice, startUTC: request.startUTC,
            talkDurationMs: request.talkDurationMs, answered: answered,
            startOnly: box.tariff.bandSplit == .start || callByCall))
    }
}

/// What ``Rater`` knows about a call once provider, version and zone are found.
struct CallContext {
    let box: TariffBox
    let versionIndex: Int
    let zoneIndex: Int
    /// The destination looked up and the length of the zone prefix that matched it.
    let destination: String
    let prefixLength: Int
    let choice: ProviderChoice
    let startUTC: Int64
    let talkDurationMs: Int64
    let answered: Bool
    /// Price the whole call at the start band (call-by-call, or `band_split = start`).
    let startOnly: Bool

    /// The zone prefix that matched.
    var prefix: String { String(decoding: destination.utf8.prefix(prefixLength), as: UTF8.self) }
}
