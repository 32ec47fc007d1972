import Foundation
import Store
import TollbookConfiguration
import TollbookCore

/// Evaluates the rules of one site on its calls — the one rule code `tollbook alarms scan` and the
/// alarm worker of `tollbook serve` share (see `docs/alarms.md`). Pure: no store, no clock.
///
/// The rules look at answered outgoing legs. Per-call rules (`after_hours`, `high_risk_destination`,
/// `long_call`, `call_cost`, `unknown_extension`) judge the legs starting in the evaluated window;
/// windowed rules need more: `concurrent_international` the legs still running at the window's start,
/// the spikes the whole local days the window touches and the baseline days before them (the caller
/// passes those legs too, see ``lookbackMs``).
public struct AlarmEvaluator: Sendable {
    /// The site.
    public let site: String
    /// The site's rules and thresholds.
    public let settings: AlarmSettings
    /// The site's calendar (business hours and days are local).
    private let calendar: Calendar

    /// How far before a window's start legs must be passed for the concurrency rule (12 h).
    public static let concurrencyLookbackMs: Int64 = 12 * 3_600_000

    /// An evaluator of `site` with `settings`, local times in `timeZone`.
    public init(site: String, settings: AlarmSettings, timeZone: TimeZone) {
        self.site = site
        self.settings = settings
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// How far before a window's start legs must be passed: the baseline days plus one, or the
    /// concurrency look-back, whichever is longer.
    public var lookbackMs: Int64 {
        max(Int64(settings.spikeBaselineDays + 1) * 86_400_000, Self.concurrencyLookbackMs)
    }

    /// The alarms `calls` raise for the window `[fromMs, toMs)`, each stamped `raisedMs`.
    /// - Parameters:
    ///   - calls: the site's legs starting in `[fromMs - lookbackMs, toMs)`, any order.
    ///   - assignments: the org chart's extension assignments (`nil` or empty: `unknown_extension` stays silent).
    public func evaluate(_ calls: [AlarmCall], fromMs: Int64, toMs: Int64, raisedMs: Int64,
                         assignments: ExtensionAssignments?) -> [AlarmRecord] {
        guard settings.enabled else { return [] }
        let legs = calls.filter { $0.outgoing && $0.answered }.sorted { ($0.startMs, $0.id) < ($1.startMs, $1.id) }
        var alarms: [AlarmRecord] = []
        for call in legs where call.startMs >= fromMs && call.startMs < toMs {
            alarms += perCall(call, raisedMs: raisedMs, assignments: assignments)
        }
        alarms += concurrency(legs, fromMs: fromMs, toMs: toMs, raisedMs: raisedMs)
        alarms += spikes(legs, fromMs: fromMs, toMs: toMs, raisedMs: raisedMs)
        return alarms
    }

    // MARK: Per call

    private func perCall(_ call: AlarmCall, raisedMs: Int64, assignments: ExtensionAssignments?) -> [AlarmRecord] {
        var alarms: [AlarmRecord] = []
        func raise(_ rule: AlarmRule, _ message: String) {
            let kind = call.extensionKey.isEmpty ? "trunk" : "extension"
            alarms.append(AlarmRecord(dedupeKey: "\(rule.rawValue):\(call.id)", rule: rule.rawValue, severity: rule.severity,
                                      site: site, entityKind: kind, entity: call.extensionKey.isEmpty ? call.trunk : call.extensionKey,
                                      callIDs: [call.id], atMs: call.startMs, raisedMs: raisedMs, message: message))
        }
        if settings.afterHoursCategories.contains(call.category), !isBusinessTime(call.startMs) {
            raise(.afterHours, "\(call.category.capitalized) call outside business hours (\(localTime(call.startMs))) to \(call.destinationLabel)")
        }
        if isHighRisk(call.remoteE164) {
            raise(.highRiskDestination, "Call to a destination on the high-risk list: \(call.destinationLabel)")
        }
        if call.talkMs > Int64(settings.maxCallSeconds) * 1000 {
            raise(.longCall, "Call of \(call.talkMs / 1000) s talk time (limit \(settings.maxCallSeconds) s) to \(call.destinationLabel)")
        }
        if let cost = call.costMinor, cost > settings.maxCallCostMinor {
            raise(.callCost, "Call costing \(MoneyFormat.decimal(minor: cost, currency: call.currency)) \(call.currency) (limit "
                  + "\(MoneyFormat.decimal(minor: settings.maxCallCostMinor, currency: call.currency))) to \(call.destinationLabel)")
        }
        if settings.unknownExtensions, let assignments, !assignments.isEmpty, !call.extensionKey.isEmpty,
           let problem = assignments.problem(call.extensionKey, at: call.startMs) {
            raise(.unknownExtension, problem == .unknown
                  ? "Call from an extension that is not in the org chart"
                  : "Call from an extension nobody was assigned to at the time (assignment ended or not begun)")
        }
        return alarms
    }

    /// Whether `ms` lies in business hours on a business day, local time.
    public func isBusinessTime(_ ms: Int64) -> Bool {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let weekday = ((parts.weekday ?? 1) + 5) % 7 + 1
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        return settings.businessDays.contains(weekday)
            && minute >= settings.businessStartMinute && minute < settings.businessEndMinute
    }

    /// Whether an E.164 number is on the high-risk list (prefixes or country codes).
    public func isHighRisk(_ e164: String) -> Bool {
        guard e164.hasPrefix("+") else { return false }
        return settings.highRiskPrefixes.contains { e164.hasPrefix($0) }
            || settings.highRiskCountries.contains { e164.hasPrefix("+" + $0) }
    }

    private func localTime(_ ms: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let name = names[max(0, min(6, (parts.weekday ?? 1) - 1))]
        return name + String(format: " %02d:%02d local time", parts.hour ?? 0, parts.minute ?? 0)
    }

    // MARK: Concurrency (sweep line)

    private func concurrency(_ legs: [AlarmCall], fromMs: Int64, toMs: Int64, raisedMs: Int64) -> [AlarmRecord] {
        let limit = settings.maxConcurrentInternational
        // Ends sort before starts at the same instant: a call ending when another starts does not overlap it.
        var events: [(ms: Int64, delta: Int, id: Int64)] = []
        for leg in legs where leg.category == "international" && leg.endMs > leg.startMs {
            events.append((leg.startMs, 1, leg.id))
            events.append((leg.endMs, -1, leg.id))
        }
        events.sort { ($0.ms, $0.delta, $0.id) < ($1.ms, $1.delta, $1.id) }
        var active: Set<Int64> = []
        var alarms: [AlarmRecord] = []
        var episode: (start: Int64, peak: Int, ids: [Int64])?
        func finish() {
            guard let current = episode else { return }
            episode = nil
            guard current.start >= fromMs, current.start < toMs else { return }
            let rule = AlarmRule.concurrentInternational
            alarms.append(AlarmRecord(
                dedupeKey: "\(rule.rawValue):\(site):\(current.start)", rule: rule.rawValue, severity: rule.severity, site: site,
                entityKind: "site", entity: site, callIDs: current.ids, atMs: current.start, raisedMs: raisedMs,
                message: "\(current.peak) international calls at the same time (limit \(limit))"))
        }
        for event in events {
            if event.delta > 0 { active.insert(event.id) } else { active.remove(event.id) }
            if active.count > limit {
                if episode == nil { episode = (event.ms, active.count, active.sorted()) }
                if let current = episode, active.count > current.peak { episode = (current.start, active.count, active.sorted()) }
            } else {
                finish()
            }
        }
        finish()
        return alarms
    }

    // MARK: Spikes

    private struct DayTotal {
        var calls = 0
        var costMinor: Int64 = 0
        var ids: [Int64] = []
        var currency = ""
    }

    /// The local day of `ms` as days since 1970-01-01 (local calendar) and its local midnight (UTC ms).
    private func day(_ ms: Int64) -> (ordinal: Int64, startMs: Int64, label: String) {
        let date = Date(timeIntervalSince1970: Double(ms) / 1000)
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let (year, month, dayOfMonth) = (Int64(parts.year ?? 1970), Int64(parts.month ?? 1), Int64(parts.day ?? 1))
        let start = Int64((calendar.startOfDay(for: date).timeIntervalSince1970 * 1000).rounded())
        return (UTCTimestamp.daysFromCivil(year: year, month: month, day: dayOfMonth), start,
                String(format: "%04lld-%02lld-%02lld", year, month, dayOfMonth))
    }

    private func spikes(_ legs: [AlarmCall], fromMs: Int64, toMs: Int64, raisedMs: Int64) -> [AlarmRecord] {
        var totals: [String: [Int64: DayTotal]] = [:]
        var evaluated: [String: [Int64: (startMs: Int64, label: String)]] = [:]
        for leg in legs where !leg.extensionKey.isEmpty && leg.startMs < toMs {
            let day = day(leg.startMs)
            var total = totals[leg.extensionKey, default: [:]][day.ordinal, default: DayTotal()]
            total.calls += 1
            total.costMinor += leg.costMinor ?? 0
            total.ids.append(leg.id)
            if total.currency.isEmpty { total.currency = leg.currency }
            totals[leg.extensionKey, default: [:]][day.ordinal] = total
            if leg.startMs >= fromMs { evaluated[leg.extensionKey, default: [:]][day.ordinal] = (day.startMs, day.label) }
        }
        var alarms: [AlarmRecord] = []
        let days = settings.spikeBaselineDays
        for key in evaluated.keys.sorted() {
            for (ordinal, info) in (evaluated[key] ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let today = totals[key]?[ordinal] else { continue }
                let baseline = (1...days).map { totals[key]?[ordinal - Int64($0)] ?? DayTotal() }
                guard baseline.filter({ $0.calls > 0 }).count >= settings.spikeMinimumBaselineDays else { continue }
                let cost = Self.meanAndDeviation(baseline.map { Double($0.costMinor) })
                let costLimit = cost.mean + settings.spikeSigma * cost.deviation
                let ids = Array(today.ids.sorted().prefix(100))
                if Double(today.costMinor) > costLimit, today.costMinor > settings.spikeMinimumCostMinor {
                    let currency = today.currency
                    func money(_ value: Double) -> String { MoneyFormat.decimal(minor: Int64(value.rounded()), currency: currency) }
                    alarms.append(record(.costSpike, key: key, label: info.label, startMs: info.startMs, ids: ids, raisedMs: raisedMs,
                                         message: "Cost on \(info.label) of \(money(Double(today.costMinor))) \(currency) above the "
                                         + "baseline of \(days) days (mean \(money(cost.mean)), limit \(money(costLimit)))"))
                }
                let volume = Self.meanAndDeviation(baseline.map { Double($0.calls) })
                let volumeLimit = volume.mean + settings.spikeSigma * volume.deviation
                if Double(today.calls) > volumeLimit, today.calls > settings.spikeMinimumCalls {
                    alarms.append(record(.volumeSpike, key: key, label: info.label, startMs: info.startMs, ids: ids, raisedMs: raisedMs,
                                         message: "\(today.calls) calls on \(info.label) above the baseline of \(days) days "
                                         + "(mean \(String(format: "%.2f", volume.mean)), limit \(String(format: "%.2f", volumeLimit)))"))
                }
            }
        }
        return alarms
    }

    private func record(_ rule: AlarmRule, key: String, label: String, startMs: Int64, ids: [Int64], raisedMs: Int64,
                        message: String) -> AlarmRecord {
        AlarmRecord(dedupeKey: "\(rule.rawValue):\(key):\(label)", rule: rule.rawValue, severity: rule.severity, site: site,
                    entityKind: "extension", entity: key, callIDs: ids, atMs: startMs, raisedMs: raisedMs, message: message)
    }

    /// The mean and the population standard deviation of `values`.
    public static func meanAndDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }
}
