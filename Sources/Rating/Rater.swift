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
    let accessCodes: [String: String]
    let offsets: ZoneOffsetTable

    /// Longest talk time rated (31 days); longer calls are unrated.
    static let maximumTalkMs: Int64 = 31 * 86_400_000

    /// Creates a rater.
    /// - Parameters:
    ///   - tariffs: the loaded tariffs; if two share a provider id, the first wins.
    ///   - selection: which provider carries which call; its call-by-call map wins over the tariffs' `access_codes`.
    ///   - timeZone: the site's time zone.
    public init(tariffs: [Tariff], selection: ProviderSelection, timeZone: TimeZone) {
        self.tariffs = Dictionary(tariffs.map { ($0.provider, TariffBox($0)) }, uniquingKeysWith: { first, _ in first })
        var codes: [String: String] = [:]
        for tariff in tariffs {
            for code in tariff.accessCodes where codes[code] == nil { codes[code] = tariff.provider }
        }
        codes.merge(selection.callByCall, uniquingKeysWith: { _, explicit in explicit })
        self.accessCodes = codes
        self.selection = selection
        self.timeZone = timeZone
        self.offsets = ZoneOffsetTable(timeZone: timeZone)
    }

    /// Rates one call. Internal calls and (unless the tariff says otherwise) unanswered calls are
    /// not billable; a call without provider, version, zone, band or rate is unrated with the reason.
    public func rate(_ request: RatingRequest) -> RatingOutcome {
        if request.category == "internal" { return .notBillable(.internalCall) }
        guard request.talkDurationMs >= 0, request.talkDurationMs <= Self.maximumTalkMs else {
            return .unrated(.implausibleDuration(milliseconds: request.talkDurationMs))
        }
        let providerID: String
        let choice: ProviderChoice
        if let code = request.callByCallPrefix, !code.isEmpty {
            guard let provider = accessCodes[code] else { return .unrated(.unknownCallByCallPrefix(code)) }
            (providerID, choice) = (provider, .callByCall(accessCode: code))
        } else if request.category == "local", let local = selection.localProvider {
            (providerID, choice) = (local, .localProvider)
        } else {
            (providerID, choice) = (selection.defaultProvider, .defaultProvider)
        }
        guard let box = tariffs[providerID] else { return .unrated(.noTariffForProvider(providerID)) }
        let answered = request.answered && request.talkDurationMs > 0
        if !answered && box.tariff.unanswered == .notBillable { return .notBillable(.notAnswered) }
        guard let version = box.tariff.versionIndex(atUTC: request.startUTC) else {
            return .unrated(.noTariffVersion(provider: providerID, startUTC: request.startUTC))
        }
        guard let match = box.tariff.trie.longestMatch(request.destination) else {
            return .unrated(.noZone(provider: providerID))
        }
        let prefix = String(decoding: request.destination.utf8.prefix(match.length), as: UTF8.self)
        var callByCall = false
        if case .callByCall = choice { callByCall = true }
        let context = CallContext(box: box, versionIndex: version, zoneIndex: Int(match.value), prefix: prefix,
                                  choice: choice, startUTC: request.startUTC, talkDurationMs: request.talkDurationMs,
                                  answered: answered, startOnly: box.tariff.bandSplit == .start || callByCall)
        return price(context)
    }
}

/// What ``Rater`` knows about a call once provider, version and zone are found.
struct CallContext {
    let box: TariffBox
    let versionIndex: Int
    let zoneIndex: Int
    let prefix: String
    let choice: ProviderChoice
    let startUTC: Int64
    let talkDurationMs: Int64
    let answered: Bool
    /// Price the whole call at the start band (call-by-call, or `band_split = start`).
    let startOnly: Bool
}
