import TollbookConfiguration
import Foundation
import Numbering
import Rating
import TollbookCore

/// Normalises the numbers of call legs with their site's numbering plan and prices them with the
/// tariffs of the site's providers.
///
/// Who pays: outgoing legs are priced by the dialled remote number; incoming, internal,
/// unanswered, recording and monitoring legs are not billable; legs of unknown direction are
/// unrated (with the reason), never silently free. Every party number is normalised and
/// classified too (see ``LegReader``).
public struct CallPricer: Sendable {
    /// The site.
    public let site: SiteConfiguration
    let normaliser: NumberNormaliser
    let rater: Rater
    var reader: LegReader { LegReader(normaliser: normaliser) }
    /// When set, pricing sessions count how outgoing legs were read (``OutgoingPlausibility``),
    /// so that an import can warn about a numbering plan that misreads them.
    public var plausibility: OutgoingPlausibility?

    /// Sets up pricing for `site` with tariffs read from `tariffsDirectory`.
    /// - Throws: ``PricingSetupError``.
    public init(site: SiteConfiguration, tariffsDirectory: String) throws {
        let providers = [site.providers.defaultProvider] + [site.providers.localProvider].compactMap { $0 }
            + Array(site.providers.callByCall.values)
        let tariffs = try TariffLibrary.load(directory: tariffsDirectory, providers: providers, site: site.name)
        try self.init(site: site, tariffs: tariffs)
    }

    /// Sets up pricing for `site` with already loaded tariffs.
    public init(site: SiteConfiguration, tariffs: [Tariff]) throws {
        self.site = site
        normaliser = NumberNormaliser(plan: try NumberingPlan.from(site.numbering, site: site.name))
        let selection = ProviderSelection(
            defaultProvider: site.providers.defaultProvider, localProvider: site.providers.localProvider,
            callByCall: site.providers.callByCall)
        rater = Rater(tariffs: tariffs, selection: selection, timeZone: TimeZone(identifier: site.timeZone) ?? .gmt)
    }

    /// The pricing of one leg, and the rated call behind it when it was priced.
    public func pricing(for call: CallRecord) -> (pricing: CallPricing, rated: RatedCall?) {
        let leg = LegFacts(call)
        let numbers = partyNumbers(leg)
        let ext = leg.extension.isEmpty ? nil : normaliser.normalise(leg.extension, role: .internal)
        func result(_ number: NormalisedNumber?, _ outcome: PricingOutcome, cost: Int64? = nil) -> CallPricing {
            CallPricing(outcome: outcome, costMinor: cost, remoteE164: number?.e164 ?? "",
                        extensionKey: ext?.internalKey ?? "", localE164: ext?.e164 ?? "", numbers: numbers)
        }
        switch reader.decide(leg) {
        case let .settled(status, reason, remote, reading):
            let number = remote.isEmpty ? nil : reader.read(remote, reading)
            return (result(number, PricingOutcome(status: status, remoteCategory: number?.category.rawValue ?? "",
                                                  reason: reason)), nil)
        case let .rate(dialled, reading):
            let number = reader.read(dialled, reading)
            let category = number.category.rawValue
            switch rater.rate(reader.request(leg, number: number, dialled: dialled)) {
            case let .rated(rated):
                let outcome = PricingOutcome(
                    status: .rated, remoteCategory: category, currency: rated.currency, provider: rated.provider,
                    tariffVersion: rated.tariffVersion, zone: rated.zone, destination: rated.destinationName,
                    bands: rated.bands.joined(separator: ","), increments: rated.increments.map { "\($0.scheme)" } ?? "",
                    pricing: PricingKind(rated.rateKind))
                return (result(number, outcome, cost: rated.costMinor), rated)
            case let .unrated(reason):
                return (result(number, PricingOutcome(status: .unrated, remoteCategory: category,
                                                      reason: reason.description)), nil)
            case let .notBillable(reason):
                return (result(number, PricingOutcome(status: .notBillable, remoteCategory: category,
                                                      reason: reason.description)), nil)
            }
        }
    }

    /// Every party number of a leg, classified.
    func partyNumbers(_ leg: LegFacts<String>) -> PartyNumbers {
        let sides = LegReader.sides(leg.direction)
        func number(_ raw: String, _ side: LegReader.Side) -> ClassifiedNumber {
            raw.isEmpty ? ClassifiedNumber() : ClassifiedNumber(reader.read(raw, LegReader.reading(side, leg.direction)))
        }
        return PartyNumbers(
            calling: number(leg.calling, sides.calling), called: number(leg.called, sides.called),
            originalCalled: number(leg.originalCalled, sides.originalCalled),
            connected: number(leg.connected, sides.connected), redirecting: number(leg.redirecting, sides.redirecting))
    }

    /// How the leg's price comes about, step by step (for `tollbook calls --explain`).
    public func explain(_ call: CallRecord) -> [String] {
        let (pricing, rated) = pricing(for: call)
        var lines = ["Site \(site.name), time zone \(site.timeZone)"]
        if !pricing.remoteE164.isEmpty || !pricing.remoteCategory.isEmpty {
            lines.append("Remote number normalised to \(pricing.remoteE164.isEmpty ? "(no E.164)" : pricing.remoteE164), category \(pricing.remoteCategory)")
        }
        guard let rated else {
            lines.append("\(pricing.pricing.rawValue): \(pricing.unratedReason)")
            if pricing.status == .unrated, case let .rate(dialled, reading) = reader.decide(LegFacts(call)) {
                let number = reader.read(dialled, reading)
                lines += rater.attempt(reader.request(LegFacts(call), number: number, dialled: dialled))
            }
            return lines
        }
        if let answer = call.answerMs {
            lines.append("Priced from the answer time \(UTCTimestamp.iso8601(milliseconds: answer)) (the call started \(UTCTimestamp.iso8601(milliseconds: call.startMs)))")
        } else {
            lines.append("No answer time: priced from the call start \(UTCTimestamp.iso8601(milliseconds: call.startMs))")
        }
        lines += rated.explanation
        lines.append("Pricing: \(pricing.pricing.rawValue)")
        lines.append("Cost: \(MoneyFormat.decimal(minor: rated.costMinor, currency: rated.currency)) \(rated.currency)")
        return lines
    }

    /// How the site reads `raw` as the number of an outgoing call, step by step, and how a 60-second
    /// call to it starting at `atMs` (UTC) would be priced (for `tollbook sites explain-number`).
    /// The lines contain the number the admin typed: print them, never log them.
    public func explainNumber(_ raw: String, atMs: Int64) -> [String] {
        var lines = [normaliser.planSummary]
        var steps = normaliser.explain(raw, role: .dialled)
        let number = reader.read(raw, .dialled)
        steps.removeLast()
        lines += steps
        lines.append("Result: " + number.summary)
        let request = RatingRequest(
            destination: number.e164 ?? number.nationalNumber ?? raw, category: number.category.rawValue,
            callByCallPrefix: number.callByCallPrefix, startUTC: atMs, talkDurationMs: 60_000, answered: true)
        let start = UTCTimestamp.iso8601(milliseconds: atMs)
        switch rater.rate(request) {
        case let .rated(rated):
            lines.append("A 60 s call at \(start): \(PricingKind(rated.rateKind).rawValue), "
                         + "\(MoneyFormat.decimal(minor: rated.costMinor, currency: rated.currency)) \(rated.currency), "
                         + "provider \(rated.provider) (\(rated.providerChoice.text)), tariff version \(rated.tariffVersion), "
                         + "zone \(rated.zone) \"\(rated.destinationName)\" by prefix \(rated.matchedPrefix)")
        case let .unrated(reason):
            lines.append("A 60 s call at \(start): unrated: \(reason.description)")
        case let .notBillable(reason):
            lines.append("A 60 s call at \(start): not billable: \(reason.description)")
        }
        return lines
    }
}

extension ProviderChoice {
    /// Why the provider was chosen, in words.
    public var text: String {
        switch self {
        case .defaultProvider: "the site's default provider"
        case .localProvider: "the site's provider for local calls"
        case .callByCall(let code): "call-by-call code \(code)"
        }
    }
}

extension PricingKind {
    /// The kind of a rated call's price: `rated` (per minute or per call), `flat` or `free`.
    public init(_ kind: RateKind) {
        switch kind {
        case .perMinute, .perCall: self = .rated
        case .flat: self = .flat
        case .free: self = .free
        }
    }
}
