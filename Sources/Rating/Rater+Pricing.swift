import TollbookCore

/// The band in force at an instant and until when it lasts.
struct BandAtInstant {
    let band: UInt8
    /// UTC second at which the band may change next (band boundary or clock change).
    let changeAt: Int64
    /// The site's UTC offset at the instant, in seconds.
    let offset: Int64
}

extension Rater {
    /// The band of `tariff` in force at UTC second `t` on the site's wall clock.
    @inline(__always)
    func band(at t: Int64, box: TariffBox) -> BandAtInstant {
        let (offset, nextTransition) = offsets.offset(at: t)
        let bands = box.tariff.bands
        if bands.isSingleBand { return BandAtInstant(band: 0, changeAt: Int64.max, offset: offset) }
        let local = t + offset
        var day = local / 86_400
        if local < 0, local % 86_400 != 0 { day -= 1 }
        let secondOfDay = local - day * 86_400
        var row = Int(((day + 3) % 7 + 7) % 7)  // 1970-01-01 was a Thursday; Monday = 0
        if bands.hasHolidayRow, box.tariff.isHoliday(day: day) { row = BandTable.holidayRow }
        let (band, runEnd) = bands.lookup(row: row, minute: Int(secondOfDay / 60))
        let boundary = day * 86_400 + Int64(runEnd) * 60 - offset
        return BandAtInstant(band: band, changeAt: min(boundary, nextTransition), offset: offset)
    }

    /// Local wall-clock text of a UTC second, for reasons and explanations.
    func localText(_ t: Int64, offset: Int64) -> String {
        let text = UTCTimestamp.iso8601(milliseconds: (t + offset) * 1000)
        return String(text.dropLast()) + " local (UTC" + RatedCall.offsetText(offset) + ")"
    }

    /// The outcome of pricing a call whose provider, version and zone are known.
    enum Pricing {
        case success(PricingResult)
        case failure(UnratedReason)
    }

    /// Prices a call whose provider, version and zone are known.
    func price(_ context: CallContext) -> Pricing {
        let tariff = context.box.tariff
        let ms = context.startUTC
        let t0 = ms >= 0 || ms % 1000 == 0 ? ms / 1000 : ms / 1000 - 1
        let start = band(at: t0, box: context.box)
        guard start.band != BandTable.none else {
            return .failure(.noBand(provider: tariff.provider, localTime: localText(t0, offset: start.offset)))
        }
        let startBandName = tariff.bands.names[Int(start.band)]
        guard let startRate = tariff.versions[context.versionIndex].rate(zone: context.zoneIndex, band: Int(start.band)) else {
            return .failure(.noRate(provider: tariff.provider, version: tariff.versions[context.versionIndex].id,
                                    zone: tariff.zones[context.zoneIndex].id, band: startBandName))
        }
        let talkSeconds = (context.talkDurationMs + 999) / 1000
        var result = PricingResult(kind: .free, offset: start.offset)
        switch startRate {
        case .unrated(let reason):
            return .failure(.zoneNotPriced(provider: tariff.provider, zone: tariff.zones[context.zoneIndex].id, reason: reason))
        case .flat, .free:
            result.kind = startRate == .flat ? .flat : .free
            result.segments = [RatedSegment(band: startBandName, bandIndex: start.band, startOffset: 0, billedSeconds: talkSeconds,
                                            incrementCount: 0, price: 0, cost: .zero)]
        case .priced(let rate) where !context.answered:
            result.kind = rate.unit == .perCall ? .perCall : .perMinute
            result.setup = rate.setup
            result.exact = ExactAmount(tenThousandths: rate.setup)
        case .priced(let rate) where rate.unit == .perCall:
            result.kind = .perCall
            result.setup = rate.setup
            result.perCall = rate.price
            result.exact = ExactAmount(tenThousandths: rate.price + rate.setup)
            result.segments = [RatedSegment(band: startBandName, bandIndex: start.band, startOffset: 0, billedSeconds: talkSeconds,
                                            incrementCount: 1, price: rate.price, cost: ExactAmount(tenThousandths: rate.price))]
            applyLimits(rate, to: &result)
        case .priced(let rate):
            let increment = rate.increment ?? BillingIncrement(first: 60, next: 1)
            let blocks = increment.nextBlocks(talkSeconds: talkSeconds)
            result.kind = .perMinute
            result.increments = IncrementsApplied(scheme: increment, talkSeconds: talkSeconds, nextBlocks: blocks,
                                                  billedSeconds: increment.first + blocks * increment.next)
            if let failure = perMinuteSegments(context, rate: rate, increment: increment, blocks: blocks, t0: t0,
                                               start: start, into: &result) {
                return .failure(failure)
            }
            result.setup = rate.setup
            result.exact = result.exact + ExactAmount(tenThousandths: rate.setup)
            applyLimits(rate, to: &result)
        }
        return .success(result)
    }

    /// Splits a per-minute call into band segments: each increment is priced at the band in force at
    /// its start (or all at the start band), consecutive increments of one band form a segment.
    private func perMinuteSegments(_ context: CallContext, rate: PricedRate, increment: BillingIncrement, blocks: Int64,
                                   t0: Int64, start: BandAtInstant, into result: inout PricingResult) -> UnratedReason? {
        let tariff = context.box.tariff
        let version = tariff.versions[context.versionIndex]
        let zone = tariff.zones[context.zoneIndex]
        let count = blocks + 1
        var index: Int64 = 0
        var current = start
        while index < count {
            let offset = increment.start(ofIncrement: index)
            if index > 0 { current = band(at: t0 + offset, box: context.box) }
            guard current.band != BandTable.none else {
                return .noBand(provider: tariff.provider, localTime: localText(t0 + offset, offset: current.offset))
            }
            let end = context.startOnly || current.changeAt == Int64.max
                ? count : min(count, increment.incrementsStarting(before: current.changeAt - t0))
            let name = tariff.bands.names[Int(current.band)]
            let price: Int64
            if current.band == start.band {
                price = rate.price
            } else {
                switch version.rate(zone: context.zoneIndex, band: Int(current.band)) {
                case .none:
                    return .noRate(provider: tariff.provider, version: version.id, zone: zone.id, band: name)
                case .some(.flat), .some(.free): price = 0
                case .some(.unrated(let reason)):
                    return .zoneNotPriced(provider: tariff.provider, zone: zone.id, reason: reason)
                case .some(.priced(let other)) where other.unit == .perMinute: price = other.price
                case .some(.priced):
                    return .incompatibleBandRates(provider: tariff.provider, zone: zone.id,
                                                  bands: [tariff.bands.names[Int(start.band)], name])
                }
            }
            let seconds = increment.end(ofIncrement: end - 1) - offset
            let cost = ExactAmount(units: price * seconds)
            if let last = result.segments.last, last.band == name, last.price == price {
                result.segments[result.segments.count - 1] = RatedSegment(
                    band: name, bandIndex: current.band, startOffset: last.startOffset, billedSeconds: last.billedSeconds + seconds,
                    incrementCount: last.incrementCount + end - index, price: price, cost: last.cost + cost)
            } else {
                result.segments.append(RatedSegment(band: name, bandIndex: current.band, startOffset: offset, billedSeconds: seconds,
                                                    incrementCount: end - index, price: price, cost: cost))
            }
            result.exact = result.exact + cost
            index = end
        }
        return nil
    }

    private func applyLimits(_ rate: PricedRate, to result: inout PricingResult) {
        if let minimum = rate.minimum, result.exact < ExactAmount(tenThousandths: minimum) {
            result.minimumApplied = minimum
            result.exact = ExactAmount(tenThousandths: minimum)
        }
        if let maximum = rate.maximum, result.exact > ExactAmount(tenThousandths: maximum) {
            result.maximumApplied = maximum
            result.exact = ExactAmount(tenThousandths: maximum)
        }
    }

    /// The exact cost of `result` rounded by the tariff's rule, in minor units of its currency.
    func costMinor(_ result: PricingResult, tariff: Tariff) -> Int64 {
        let quanta = tariff.roundingMode.divide(result.exact.units, by: 60 * tariff.precision)
        var minorUnit: Int64 = 10_000
        for _ in 0..<tariff.minorUnitDigits { minorUnit /= 10 }
        return quanta * tariff.precision / max(minorUnit, 1)
    }

    /// The shared part of a priced call as a key of integers.
    func key(_ context: CallContext, _ result: PricingResult) -> RatedOutcomeKey {
        var bands: UInt64 = 0
        var count = 0
        for segment in result.segments where count < 8 {
            let code = UInt64(segment.bandIndex) + 1
            var seen = false
            for slot in 0..<count where (bands >> (8 * UInt64(slot))) & 0xFF == code { seen = true }
            if !seen {
                bands |= code << (8 * UInt64(count))
                count += 1
            }
        }
        return RatedOutcomeKey(
            tariff: Int32(context.box.index), version: Int32(context.versionIndex), zone: Int32(context.zoneIndex),
            bands: bands, incrementFirst: Int32(result.increments?.scheme.first ?? 0),
            incrementNext: Int32(result.increments?.scheme.next ?? 0), rateKind: result.kind)
    }

    /// Spells out a key made by ``rateSummary(_:)``.
    public func describe(_ key: RatedOutcomeKey) -> RatedOutcomeDescription {
        let tariff = boxes[Int(key.tariff)].tariff
        let zone = tariff.zones[Int(key.zone)]
        var bandNames: [String] = []
        var bands = key.bands
        while bands & 0xFF != 0 {
            bandNames.append(tariff.bands.names[Int(bands & 0xFF) - 1])
            bands >>= 8
        }
        return RatedOutcomeDescription(
            currency: tariff.currency, provider: tariff.provider, tariffVersion: tariff.versions[Int(key.version)].id,
            zone: zone.id, destination: zone.name, bands: bandNames.joined(separator: ","),
            increments: key.incrementFirst == 0 ? "" : "\(key.incrementFirst)/\(key.incrementNext)",
            rateKind: key.rateKind)
    }

    func makeCall(_ context: CallContext, _ result: PricingResult) -> RatedCall {
        let tariff = context.box.tariff
        let version = tariff.versions[context.versionIndex]
        let zone = tariff.zones[context.zoneIndex]
        let costMinor = costMinor(result, tariff: tariff)
        let precisionText = tariff.precisionNote
        return RatedCall(
            costMinor: costMinor, exactCost: result.exact, precision: precisionText, currency: tariff.currency,
            minorUnitDigits: tariff.minorUnitDigits, provider: tariff.provider, providerChoice: context.choice,
            tariffVersion: version.id, tariffVersionValidFrom: version.validFromText,
            zone: zone.id, destinationName: zone.name, matchedPrefix: context.prefix,
            increments: result.increments, rateKind: result.kind, segments: result.segments, setupFee: result.setup,
            perCallPrice: result.perCall, minimumApplied: result.minimumApplied, maximumApplied: result.maximumApplied,
            startUTC: context.startUTC, startOffsetSeconds: result.offset,
            talkDurationMs: context.talkDurationMs, pricedAtStartBand: context.startOnly,
            roundingMode: tariff.roundingMode, roundingPrecision: tariff.precision,
            unansweredSetupOnly: !context.answered)
    }
}

/// Intermediate result of pricing one call.
struct PricingResult {
    var kind: RateKind
    var offset: Int64
    var segments: [RatedSegment] = []
    var increments: IncrementsApplied?
    var setup: Int64 = 0
    var perCall: Int64 = 0
    var minimumApplied: Int64?
    var maximumApplied: Int64?
    var exact = ExactAmount.zero

    init(kind: RateKind, offset: Int64) {
        self.kind = kind
        self.offset = offset
    }
}
