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
                    bands: rated.bands.joined(separator: ","), increments: rated.increments.map { "\($0.scheme)" } ?? "")
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
            lines.append("\(pricing.status.rawValue): \(pricing.unratedReason)")
            return lines
        }
        lines += rated.explanation
        lines.append("Cost: \(MoneyFormat.decimal(minor: rated.costMinor, currency: rated.currency)) \(rated.currency)")
        return lines
    }
}
