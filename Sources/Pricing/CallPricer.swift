import Configuration
import Foundation
import Numbering
import Rating
import TollbookCore

/// Normalises the numbers of call legs with their site's numbering plan and prices them with the
/// tariffs of the site's providers.
///
/// Who pays: outgoing legs are priced by the dialled remote number; incoming, internal,
/// unanswered, recording and monitoring legs are not billable; legs of unknown direction are
/// unrated (with the reason), never silently free.
public struct CallPricer: Sendable {
    /// The site.
    public let site: SiteConfiguration
    let normaliser: NumberNormaliser
    let rater: Rater

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

    /// Prices every leg of `batch` (fills ``CallBatch/pricing``).
    public func price(_ batch: inout CallBatch) {
        var results: [CallPricing?] = []
        results.reserveCapacity(batch.count)
        // A batch holds the same few hundred extensions many times: normalise each once.
        var extensionKeys: [String: String] = [:]
        for row in batch.rows {
            // Only the fields pricing reads: no text is copied out that is not needed.
            var call = CallRecord(vendorRecordID: "", correlationID: "", startMs: row.startMs,
                                  answerMs: row.answerMs == .min ? nil : row.answerMs, endMs: row.endMs,
                                  talkMs: row.talkMs, direction: row.direction, disposition: row.disposition, flags: row.flags)
            let ext = batch.string(row.extension)
            call.parties = CallParties(calling: batch.string(row.calling), called: batch.string(row.called),
                                       remote: batch.string(row.remote))
            var pricing = pricing(for: call).pricing
            if !ext.isEmpty {
                if let key = extensionKeys[ext] {
                    pricing.extensionKey = key
                } else {
                    let key = extensionKey(ext)
                    extensionKeys[ext] = key
                    pricing.extensionKey = key
                }
            }
            results.append(pricing)
        }
        batch.pricing = results
    }

    /// The pricing of one leg, and the rated call behind it when it was priced.
    public func pricing(for call: CallRecord) -> (pricing: CallPricing, rated: RatedCall?) {
        let parties = call.parties
        let extensionKey = self.extensionKey(parties.extension)
        func result(_ number: NormalisedNumber?, _ status: CallPricing.Status, _ reason: String) -> (CallPricing, RatedCall?) {
            (CallPricing(remoteE164: number?.e164 ?? "", remoteCategory: number?.category.rawValue ?? "",
                         extensionKey: extensionKey, status: status, unratedReason: reason), nil)
        }
        if !call.flags.isDisjoint(with: [.recording, .monitoring]) {
            return result(nil, .notBillable, "recording or monitoring leg")
        }
        switch call.direction {
        case .internal:
            let remote = parties.remote.isEmpty ? parties.called : parties.remote
            return result(remote.isEmpty ? nil : normaliser.normalise(remote, role: .internal), .notBillable, "internal call")
        case .incoming:
            let remote = parties.remote.isEmpty ? parties.calling : parties.remote
            return result(remote.isEmpty ? nil : normaliser.normalise(remote, role: .presented), .notBillable, "incoming call")
        case .unknown:
            return result(nil, .unrated, "direction unknown: cannot tell who pays for the call")
        case .outgoing:
            break
        }
        let dialled = parties.remote.isEmpty ? parties.called : parties.remote
        guard !dialled.isEmpty else { return result(nil, .unrated, "no dialled number") }
        let number = normaliser.normalise(dialled, role: .dialled)
        let request = RatingRequest(
            destination: number.e164 ?? number.nationalNumber ?? dialled, category: number.category.rawValue,
            callByCallPrefix: number.callByCallPrefix, startUTC: call.answerMs ?? call.startMs,
            talkDurationMs: call.talkMs, answered: call.answerMs != nil || call.disposition == .answered)
        switch rater.rate(request) {
        case let .rated(rated):
            return (CallPricing(
                remoteE164: number.e164 ?? "", remoteCategory: number.category.rawValue, extensionKey: extensionKey,
                status: .rated, costMinor: rated.costMinor, currency: rated.currency, provider: rated.provider,
                tariffVersion: rated.tariffVersion, zone: rated.zone, destination: rated.destinationName,
                bands: rated.bands.joined(separator: ","), increments: rated.increments.map { "\($0.scheme)" } ?? ""), rated)
        case let .unrated(reason):
            return result(number, .unrated, reason.description)
        case let .notBillable(reason):
            return result(number, .notBillable, reason.description)
        }
    }

    /// The site-scoped key of a local party's extension ("" for none).
    func extensionKey(_ extension: String) -> String {
        `extension`.isEmpty ? "" : normaliser.normalise(`extension`, role: .internal).internalKey ?? ""
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
