/// The KPIs of one entity in one bucket — the contract of `tollbook kpi --format json` (issue 19
/// §1). Every field is present in every bucket; a figure whose denominator is empty is `null`.
/// Percentages have two decimals, seconds two, Erlang four.
public struct KPIBucket: Sendable, Equatable, Codable {
    /// `KIND:ID`.
    public var entity: String
    /// Start of the bucket, ISO 8601 UTC (inclusive).
    public var bucketStart: String
    /// End of the bucket, ISO 8601 UTC (exclusive).
    public var bucketEnd: String
    /// K1: calls offered at the entity.
    public var offered = 0
    /// K2: calls answered at the entity.
    public var answered = 0
    /// K3: calls abandoned at the entity (short abandons included).
    public var abandoned = 0
    /// K3s: abandons with a wait below `short_abandon_s`.
    public var shortAbandoned = 0
    /// K4: calls never alerted (busy, rejected).
    public var lostBusy = 0
    /// K5: calls that left the entity unanswered to another destination.
    public var overflowed = 0
    /// K6: service level in percent, per ``serviceLevelVariant``.
    public var serviceLevel: Double?
    /// The formula of ``serviceLevel``.
    public var serviceLevelVariant: SLVariant = .ignoreShort
    /// K7: answered / (offered − short abandons), percent.
    public var answerRate: Double?
    /// K8: (abandoned − short) / (offered − short), percent.
    public var abandonRate: Double?
    /// K8 raw: abandoned / offered, percent.
    public var abandonRateRaw: Double?
    /// K9: average wait of answered calls from the first alert at the entity, seconds.
    public var asaSeconds: Double?
    /// K9 caller view: from the seizure of the call's first leg, seconds.
    public var asaSecondsCallerView: Double?
    /// K10: Σ ring / legs offered to the entity, seconds.
    public var avgRingSeconds: Double?
    /// K11: Σ talk at the entity (incoming and outgoing), seconds.
    public var talkSeconds: Double = 0
    /// K11: talk seconds / answered.
    public var avgTalkSeconds: Double?
    /// K12: missed calls with a caller number.
    public var missedCallbackable = 0
    /// K12: of those, resolved within the callback window.
    public var missedResolved = 0
    /// K12: resolved / callbackable (windows closed), percent.
    public var missedResolutionRate: Double?
    /// K12 per caller: callers whose last missed call was resolved / callers, percent.
    public var missedResolutionRateCallers: Double?
    /// K13: median time to the answered callback, seconds.
    public var callbackMedianSeconds: Double?
    /// K13: 90th percentile (nearest rank), seconds.
    public var callbackP90Seconds: Double?
    /// K14: callers still unreturned when the window closed.
    public var unreturned = 0
    /// K15: start of the busiest 60 minutes (four consecutive quarter hours), ISO 8601 UTC.
    public var busyHourStart: String?
    /// K15: carried traffic in that hour, Erlang.
    public var busyHourErlang: Double?
    /// K15: start of the busiest clock hour.
    public var clockBusyHourStart: String?
    /// K15: carried traffic in that clock hour, Erlang.
    public var clockBusyHourErlang: Double?
    /// K16: carried traffic, Erlang.
    public var carriedErlang: Double = 0
    /// K17: the most calls (trunk: legs) at the same time.
    public var peakConcurrency = 0
    /// K18: carried seconds / (bucket seconds × channels), percent (trunk groups with channels).
    public var utilisation: Double?
    /// K18: Erlang B blocking probability with the carried traffic and the channels, percent.
    public var blocking: Double?
    /// K19: answered / outgoing seizures, percent.
    public var asr: Double?
    /// K19: (answered + busy + no answer + rejected) / outgoing seizures, percent.
    public var ner: Double?
    /// K20: answered calls followed by a call from the same number within the repeat window, percent.
    public var repeatCallRate: Double?

    /// An empty bucket.
    public init(entity: String, bucketStart: String, bucketEnd: String) {
        self.entity = entity
        self.bucketStart = bucketStart
        self.bucketEnd = bucketEnd
    }

    /// The JSON field names, in output order.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case entity, bucketStart = "bucket_start", bucketEnd = "bucket_end", offered, answered, abandoned
        case shortAbandoned = "short_abandoned", lostBusy = "lost_busy", overflowed
        case serviceLevel = "service_level", serviceLevelVariant = "service_level_variant", answerRate = "answer_rate"
        case abandonRate = "abandon_rate", abandonRateRaw = "abandon_rate_raw", asaSeconds = "asa_seconds"
        case asaSecondsCallerView = "asa_seconds_caller_view", avgRingSeconds = "avg_ring_seconds"
        case talkSeconds = "talk_seconds", avgTalkSeconds = "avg_talk_seconds", missedCallbackable = "missed_callbackable"
        case missedResolved = "missed_resolved", missedResolutionRate = "missed_resolution_rate"
        case missedResolutionRateCallers = "missed_resolution_rate_callers"
        case callbackMedianSeconds = "callback_median_seconds", callbackP90Seconds = "callback_p90_seconds"
        case unreturned, busyHourStart = "busy_hour_start", busyHourErlang = "busy_hour_erlang"
        case clockBusyHourStart = "clock_busy_hour_start", clockBusyHourErlang = "clock_busy_hour_erlang"
        case carriedErlang = "carried_erlang", peakConcurrency = "peak_concurrency", utilisation, blocking, asr, ner
        case repeatCallRate = "repeat_call_rate"
    }

    /// Encodes every field, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entity, forKey: .entity)
        try c.encode(bucketStart, forKey: .bucketStart)
        try c.encode(bucketEnd, forKey: .bucketEnd)
        try c.encode(offered, forKey: .offered)
        try c.encode(answered, forKey: .answered)
        try c.encode(abandoned, forKey: .abandoned)
        try c.encode(shortAbandoned, forKey: .shortAbandoned)
        try c.encode(lostBusy, forKey: .lostBusy)
        try c.encode(overflowed, forKey: .overflowed)
        try c.encode(serviceLevel, forKey: .serviceLevel)
        try c.encode(serviceLevelVariant, forKey: .serviceLevelVariant)
        try c.encode(answerRate, forKey: .answerRate)
        try c.encode(abandonRate, forKey: .abandonRate)
        try c.encode(abandonRateRaw, forKey: .abandonRateRaw)
        try c.encode(asaSeconds, forKey: .asaSeconds)
        try c.encode(asaSecondsCallerView, forKey: .asaSecondsCallerView)
        try c.encode(avgRingSeconds, forKey: .avgRingSeconds)
        try c.encode(talkSeconds, forKey: .talkSeconds)
        try c.encode(avgTalkSeconds, forKey: .avgTalkSeconds)
        try c.encode(missedCallbackable, forKey: .missedCallbackable)
        try c.encode(missedResolved, forKey: .missedResolved)
        try c.encode(missedResolutionRate, forKey: .missedResolutionRate)
        try c.encode(missedResolutionRateCallers, forKey: .missedResolutionRateCallers)
        try c.encode(callbackMedianSeconds, forKey: .callbackMedianSeconds)
        try c.encode(callbackP90Seconds, forKey: .callbackP90Seconds)
        try c.encode(unreturned, forKey: .unreturned)
        try c.encode(busyHourStart, forKey: .busyHourStart)
        try c.encode(busyHourErlang, forKey: .busyHourErlang)
        try c.encode(clockBusyHourStart, forKey: .clockBusyHourStart)
        try c.encode(clockBusyHourErlang, forKey: .clockBusyHourErlang)
        try c.encode(carriedErlang, forKey: .carriedErlang)
        try c.encode(peakConcurrency, forKey: .peakConcurrency)
        try c.encode(utilisation, forKey: .utilisation)
        try c.encode(blocking, forKey: .blocking)
        try c.encode(asr, forKey: .asr)
        try c.encode(ner, forKey: .ner)
        try c.encode(repeatCallRate, forKey: .repeatCallRate)
    }

    /// The values in ``CodingKeys`` order, as text for tables and CSV (`null` → empty).
    public var textValues: [String] {
        func n(_ v: Double?) -> String { v.map(KPIMath.text) ?? "" }
        return [entity, bucketStart, bucketEnd, "\(offered)", "\(answered)", "\(abandoned)", "\(shortAbandoned)",
                "\(lostBusy)", "\(overflowed)", n(serviceLevel), serviceLevelVariant.rawValue, n(answerRate),
                n(abandonRate), n(abandonRateRaw), n(asaSeconds), n(asaSecondsCallerView), n(avgRingSeconds),
                n(talkSeconds), n(avgTalkSeconds), "\(missedCallbackable)", "\(missedResolved)", n(missedResolutionRate),
                n(missedResolutionRateCallers), n(callbackMedianSeconds), n(callbackP90Seconds), "\(unreturned)",
                busyHourStart ?? "", n(busyHourErlang), clockBusyHourStart ?? "", n(clockBusyHourErlang),
                n(carriedErlang), "\(peakConcurrency)", n(utilisation), n(blocking), n(asr), n(ner), n(repeatCallRate)]
    }
}

extension KPIBucket {
    /// K15: the busy hour — the four consecutive quarter hours inside the bucket with the most
    /// carried ms (the earliest on a tie) — and the clock busy hour (only windows on the hour),
    /// from `carried(quarterStart)`, the carried ms of each quarter hour of `bounds`. Buckets
    /// shorter than an hour have none.
    mutating func fillBusyHours(_ bounds: (start: Int64, end: Int64), carried: (Int64) -> Int64) {
        let quarter: Int64 = 900_000, hour: Int64 = 3_600_000
        guard bounds.end - bounds.start >= hour else { return }
        var slots: [Int64] = []
        var slotStart = bounds.start
        while slotStart + quarter <= bounds.end {
            slots.append(carried(slotStart))
            slotStart += quarter
        }
        var best: (start: Int64, ms: Int64)?, bestClock: (start: Int64, ms: Int64)?
        var index = 0
        while index + 4 <= slots.count {
            let start = bounds.start + Int64(index) * quarter
            let ms = slots[index..<index + 4].reduce(0, +)
            if ms > (best?.ms ?? -1) { best = (start, ms) }
            if start % hour == 0, ms > (bestClock?.ms ?? -1) { bestClock = (start, ms) }
            index += 1
        }
        if let best {
            busyHourErlang = KPIMath.round(Double(best.ms) / Double(hour), 4)
            busyHourStart = best.ms > 0 ? KPIMath.iso(best.start) : nil
        }
        if let bestClock {
            clockBusyHourErlang = KPIMath.round(Double(bestClock.ms) / Double(hour), 4)
            clockBusyHourStart = bestClock.ms > 0 ? KPIMath.iso(bestClock.start) : nil
        }
    }
}
