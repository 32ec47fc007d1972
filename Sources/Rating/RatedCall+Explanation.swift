import TollbookCore

extension RatedCall {
    /// The derivation step by step, one line each, for `tollbook calls --explain ID`. Shows the
    /// matched prefix, never the full destination number.
    public var explanation: [String] {
        var lines: [String] = []
        switch providerChoice {
        case .defaultProvider: lines.append("Provider \(provider): the site's default provider")
        case .localProvider: lines.append("Provider \(provider): local calls go via this provider (preselection setup)")
        case .callByCall(let code): lines.append("Provider \(provider): selected by call-by-call code \(code)")
        }
        lines.append("Tariff version \(tariffVersion), valid from \(tariffVersionValidFrom) (tariff's local time)")
        lines.append("Zone \(zone) \"\(destinationName)\": longest matching prefix \(matchedPrefix)")
        let local = UTCTimestamp.iso8601(milliseconds: startUTC + startOffsetSeconds * 1000)
        lines.append("Priced from \(UTCTimestamp.iso8601(milliseconds: startUTC)) = \(local.dropLast()) site time (UTC\(Self.offsetText(startOffsetSeconds)))")
        if unansweredSetupOnly {
            lines.append("Not answered: the tariff charges the setup fee only (unanswered = setup_fee)")
        }
        switch rateKind {
        case .flat: lines.append("Rate: flat (included in the flat rate), band \(bands.joined(separator: ", ")): 0")
        case .free: lines.append("Rate: free, band \(bands.joined(separator: ", ")): 0")
        case .perCall:
            lines.append("Rate: \(AmountText.cents(perCallPrice)) per call in band \(bands.joined(separator: ", "))")
        case .perMinute:
            if let increments {
                let talk = AmountText.decimal(talkDurationMs, scale: 3, minimumDecimals: 0)
                lines.append("Talk time \(talk) s, billed as \(increments.talkSeconds) started seconds")
                lines.append("Increments \(increments.scheme): \(increments.scheme.first) s + \(increments.nextBlocks) × "
                             + "\(increments.scheme.next) s = \(increments.billedSeconds) s billed")
            }
            if pricedAtStartBand {
                lines.append("Whole call priced at the band at its start (call-by-call, or band_split = start)")
            } else if segments.count > 1 {
                lines.append("Band boundary crossed: each increment is priced at the band in force at its start")
            }
            for segment in segments {
                lines.append("  band \(segment.band) from +\(segment.startOffset) s: \(segment.incrementCount) increment(s), "
                             + "\(segment.billedSeconds) s × \(AmountText.cents(segment.price))/min = \(segment.cost.currencyText()) \(currency)")
            }
        }
        if setupFee > 0 { lines.append("Setup fee \(AmountText.cents(setupFee))") }
        if let minimumApplied { lines.append("Minimum charge \(AmountText.cents(minimumApplied)) applies") }
        if let maximumApplied { lines.append("Maximum charge \(AmountText.cents(maximumApplied)) applies") }
        let rounded = AmountText.decimal(costMinor, scale: minorUnitDigits, minimumDecimals: minorUnitDigits)
        lines.append("Exact cost \(exactCost.currencyText()) \(currency); rounded \(roundingMode.rawValue) to "
                     + "\(AmountText.decimal(roundingPrecision, scale: 4, minimumDecimals: 0)) → \(rounded) \(currency)")
        return lines
    }

    /// `+02:00` style text of an offset in seconds.
    static func offsetText(_ seconds: Int64) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        let hours = magnitude / 3600, minutes = magnitude / 60 % 60
        return sign + (hours < 10 ? "0" : "") + "\(hours):" + (minutes < 10 ? "0" : "") + "\(minutes)"
    }
}
