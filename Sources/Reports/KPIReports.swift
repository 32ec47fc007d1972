import Analytics
import Charts
import Documents
import Foundation
import Governance
import Query
import TollbookConfiguration
import TollbookCore

/// The reports of the KPI engine (`docs/kpis.md`): the hunt-group service report, the trunk
/// utilisation report and the management summary — ``ReportData`` with typed tables and charts,
/// every leg read once through the query layer of `reporting` (scope and privacy apply), the
/// figures computed by ``KPIEngine`` with the configuration's `analytics:` parameters. A figure the
/// engine leaves undefined (an empty denominator) is an empty cell, never 0.
public struct KPIReports {
    /// The query layer and the report's clock (days in the site's time zone).
    public let reporting: CostReporting
    /// The co-determination profile (hunt-group KPIs need `hunt_group_kpis`).
    public let governance: GovernanceSettings
    /// The configuration (`analytics:` of its sites); `nil`: the engine's defaults.
    public let configuration: ConfigurationFile?
    /// The accounting reports (the management summary's costs).
    public let accounting: AccountingReports

    /// KPI reports through `reporting`.
    public init(reporting: CostReporting, governance: GovernanceSettings, configuration: ConfigurationFile?,
                accounting: AccountingReports) {
        self.reporting = reporting
        self.governance = governance
        self.configuration = configuration
        self.accounting = accounting
    }

    private func period(_ filters: ReportFilters) -> (fromMs: Int64, toMs: Int64) {
        (reporting.startMs(of: filters.from), reporting.startMs(of: filters.until))
    }

    /// The figures of one report: from the roll-ups where they may answer (`docs/rollups.md`),
    /// else from every leg of the period (and the callback / repeat windows around it) the
    /// principal may see — read once, when first needed.
    private final class Figures {
        let reports: KPIReports
        let fromMs: Int64
        let toMs: Int64
        let rollups: RollupSettings?
        private var legs: [KPILeg]?

        init(_ reports: KPIReports, fromMs: Int64, toMs: Int64) {
            self.reports = reports
            self.fromMs = fromMs
            self.toMs = toMs
            rollups = (reports.configuration?.rollups.enabled ?? true) ? RollupSettings(configuration: reports.configuration) : nil
        }

        private func detail() throws -> [KPILeg] {
            if let legs { return legs }
            let entity = KPIEntity(kind: .enterprise, id: "")
            let read = try KPIEngine.readLegs(query: reports.reporting.query, entity: entity, fromMs: fromMs, toMs: toMs,
                                              parameters: KPIParameters(configuration: reports.configuration, entity: entity))
            legs = read
            return read
        }

        /// The entities of `kind` the report lists.
        func entities(_ kind: KPIEntity.Kind) throws -> [KPIEntity] {
            if let rollups, let listed = try KPIEngine.rollupEntities(kind, query: reports.reporting.query, fromMs: fromMs,
                                                                      toMs: toMs, settings: rollups) {
                // Configured groups are listed even without calls, as from the detail.
                let configured = kind == .group ? KPIParameters(configuration: reports.configuration,
                                                                entity: KPIEntity(kind: .enterprise, id: "")).huntGroups.map(\.name) : []
                return Set(listed.map(\.id) + configured).sorted().map { KPIEntity(kind: kind, id: $0) }
            }
            return KPIEngine.entities(kind, in: try detail(), parameters: KPIParameters(configuration: reports.configuration,
                                                                                          entity: KPIEntity(kind: .enterprise, id: "")))
        }

        private var rows: [KPIEntity: [RollupRow]?] = [:]

        /// The roll-up rows of `entity` over the report's period, read once (one audited read per
        /// entity); `nil` when roll-ups may not answer.
        private func rollupRows(_ entity: KPIEntity, parameters: KPIParameters) throws -> [RollupRow]? {
            if let known = rows[entity] { return known }
            var read: [RollupRow]?
            if let rollups, RollupKPIs.canServe(entity: entity, fromMs: fromMs, toMs: toMs, parameters: parameters, settings: rollups) {
                read = try KPIEngine.rollupRows(query: reports.reporting.query, entity: entity, fromMs: fromMs, toMs: toMs,
                                                settings: rollups)
            }
            rows[entity] = read
            return read
        }

        /// The one bucket of `entity` over `[from, to)` (the report's period or a day of it).
        func whole(_ entity: KPIEntity, fromMs: Int64, toMs: Int64) throws -> KPIBucket? {
            let parameters = KPIParameters(configuration: reports.configuration, entity: entity)
            if let rollups, let rows = try rollupRows(entity, parameters: parameters),
               RollupKPIs.canServe(entity: entity, fromMs: fromMs, toMs: toMs, parameters: parameters, settings: rollups) {
                return try RollupKPIs.buckets(rows: rows, entity: entity, fromMs: fromMs, toMs: toMs, bucket: .all,
                                              parameters: parameters, nowMs: MillisecondClock.system.now()).first
            }
            // From the detail: only the legs the bucket depends on (a day of a year's report reads
            // a slice, not the year).
            let legs = try detail()
            let ahead = max(parameters.callbackWindowMs, parameters.repeatWindowMs) + KPIEngine.lookBackMs
            let low = Self.firstIndex(in: legs, atOrAfter: fromMs - KPIEngine.lookBackMs)
            let high = Self.firstIndex(in: legs, atOrAfter: toMs + ahead)
            return try KPIEngine.compute(legs: Array(legs[low..<max(low, high)]), entity: entity, fromMs: fromMs, toMs: toMs,
                                         bucket: .all, parameters: parameters).first
        }

        /// The first index of `legs` (in start order) starting at or after `ms`.
        static func firstIndex(in legs: [KPILeg], atOrAfter ms: Int64) -> Int {
            var low = 0, high = legs.count
            while low < high {
                let middle = (low + high) / 2
                if legs[middle].startMs < ms { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    private func periodLine(_ filters: ReportFilters, _ language: DocumentLanguage) -> String {
        accounting.periodLine(filters, language)
    }

    /// A percentage of the engine (two decimals), empty when undefined.
    static func percent(_ value: Double?) -> ReportDocument.Cell {
        value.map { .percent(hundredths: Int64(($0 * 100).rounded())) } ?? .empty
    }

    /// Seconds with one decimal, empty when undefined.
    static func seconds(_ value: Double?) -> ReportDocument.Cell {
        value.map { .decimal(Int64(($0 * 10).rounded()), scale: 1) } ?? .empty
    }

    /// Erlang with four decimals, empty when undefined.
    static func erlang(_ value: Double?) -> ReportDocument.Cell {
        value.map { .decimal(Int64(($0 * 10_000).rounded()), scale: 4) } ?? .empty
    }

    /// An ISO 8601 instant of the engine as a timestamp cell, empty when undefined.
    static func instant(_ value: String?) -> ReportDocument.Cell {
        guard let value, let date = ISO8601DateFormatter().date(from: value) else { return .empty }
        return .timestamp(ms: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    // MARK: Hunt-group service report

    /// One row per hunt group the calls mention or the configuration defines: offered (K1),
    /// answered (K2), abandoned and short abandoned (K3), lost busy (K4), overflowed (K5), service
    /// level (K6, the group's variant), answer rate (K7), ASA (K9), average talk (K11), missed-call
    /// resolution (K12) and unreturned callers (K14) over the period; a bar chart of service level
    /// and answer rate. Needs `hunt_group_kpis` in the profile.
    /// - Throws: ``ReportsError``, the KPI engine's and the query layer's errors.
    public func huntGroupService(_ filters: ReportFilters, language: DocumentLanguage) throws -> ReportData {
        try CostReporting.require(.huntGroupKPIs, in: governance)
        let say = { (key: String) in ReportLabels.text(key, language) }
        let (fromMs, toMs) = period(filters)
        let figures = Figures(self, fromMs: fromMs, toMs: toMs)
        let groups = try figures.entities(.group)
        let columns = [
            ReportData.TypedColumn(key: "group", title: say("column.group")),
            .init(key: "offered", title: say("column.offered"), kind: .integer),
            .init(key: "answered", title: say("column.answered"), kind: .integer),
            .init(key: "abandoned", title: say("column.abandoned"), kind: .integer),
            .init(key: "short_abandoned", title: say("column.short_abandoned"), kind: .integer),
            .init(key: "lost_busy", title: say("column.lost_busy"), kind: .integer),
            .init(key: "overflowed", title: say("column.overflowed"), kind: .integer),
            .init(key: "service_level", title: say("column.service_level"), kind: .percent),
            .init(key: "answer_rate", title: say("column.answer_rate"), kind: .percent),
            .init(key: "asa_seconds", title: say("column.asa_seconds"), kind: .decimal),
            .init(key: "avg_talk_seconds", title: say("column.avg_talk_seconds"), kind: .decimal),
            .init(key: "missed_resolution_rate", title: say("column.missed_resolution_rate"), kind: .percent),
            .init(key: "unreturned", title: say("column.unreturned"), kind: .integer),
        ]
        var cells: [[ReportDocument.Cell]] = []
        var charted: [(String, KPIBucket)] = []
        for group in groups {
            guard let bucket = try figures.whole(group, fromMs: fromMs, toMs: toMs), bucket.offered > 0 else { continue }
            charted.append((group.id, bucket))
            cells.append([
                .text(group.id), .integer(Int64(bucket.offered)), .integer(Int64(bucket.answered)),
                .integer(Int64(bucket.abandoned)), .integer(Int64(bucket.shortAbandoned)), .integer(Int64(bucket.lostBusy)),
                .integer(Int64(bucket.overflowed)), Self.percent(bucket.serviceLevel), Self.percent(bucket.answerRate),
                Self.seconds(bucket.asaSeconds), Self.seconds(bucket.avgTalkSeconds), Self.percent(bucket.missedResolutionRate),
                .integer(Int64(bucket.unreturned)),
            ])
        }
        let chart = Chart(kind: .bar, title: say("title.hunt-group-service"), categories: charted.map(\.0),
                          series: [Chart.Series(name: say("column.service_level"), values: charted.map { $0.1.serviceLevel ?? 0 }),
                                   Chart.Series(name: say("column.answer_rate"), values: charted.map { $0.1.answerRate ?? 0 })],
                          xAxisTitle: say("column.group"), yAxisTitle: "%", numberFormat: language == .de ? .german : .english)
        return ReportData(title: say("title.hunt-group-service"), sections: [
            ReportData.Section(key: "groups", title: say("section.groups"),
                               paragraphs: [periodLine(filters, language), say("note.kpis")],
                               tables: [ReportData.Table(key: "groups", columns: columns, cells: cells)],
                               charts: charted.isEmpty ? [] : [chart]),
        ])
    }

    // MARK: Trunk utilisation report

    /// One row per trunk group (configured in `analytics.trunk_groups`, else each trunk the calls
    /// name): carried traffic (K16), peak concurrency (K17), busy hour (K15), utilisation and
    /// blocking with the configured channels (K18), ASR and NER of outgoing seizures (K19); a bar
    /// chart of peak concurrency. Trunks are lines, not people: no profile switch.
    /// - Throws: the KPI engine's and the query layer's errors.
    public func trunkUtilisation(_ filters: ReportFilters, language: DocumentLanguage) throws -> ReportData {
        let say = { (key: String) in ReportLabels.text(key, language) }
        let (fromMs, toMs) = period(filters)
        let figures = Figures(self, fromMs: fromMs, toMs: toMs)
        let trunks = try figures.entities(.trunk)
        let columns = [
            ReportData.TypedColumn(key: "trunk", title: say("column.trunk")),
            .init(key: "carried_erlang", title: say("column.carried_erlang"), kind: .decimal),
            .init(key: "peak_concurrency", title: say("column.peak_concurrency"), kind: .integer),
            .init(key: "busy_hour_start", title: say("column.busy_hour_start"), kind: .timestamp),
            .init(key: "busy_hour_erlang", title: say("column.busy_hour_erlang"), kind: .decimal),
            .init(key: "utilisation", title: say("column.utilisation"), kind: .percent),
            .init(key: "blocking", title: say("column.blocking"), kind: .percent),
            .init(key: "asr", title: say("column.asr"), kind: .percent),
            .init(key: "ner", title: say("column.ner"), kind: .percent),
        ]
        var cells: [[ReportDocument.Cell]] = []
        var charted: [(String, Int)] = []
        for trunk in trunks {
            guard let bucket = try figures.whole(trunk, fromMs: fromMs, toMs: toMs) else { continue }
            charted.append((trunk.id, bucket.peakConcurrency))
            cells.append([
                .text(trunk.id), Self.erlang(bucket.carriedErlang), .integer(Int64(bucket.peakConcurrency)),
                Self.instant(bucket.busyHourStart), Self.erlang(bucket.busyHourErlang), Self.percent(bucket.utilisation),
                Self.percent(bucket.blocking), Self.percent(bucket.asr), Self.percent(bucket.ner),
            ])
        }
        let chart = Chart(kind: .bar, title: say("title.trunk-utilisation"), categories: charted.map(\.0),
                          series: [Chart.Series(name: say("column.peak_concurrency"), values: charted.map { Double($0.1) })],
                          xAxisTitle: say("column.trunk"), yAxisTitle: say("column.peak_concurrency"),
                          numberFormat: language == .de ? .german : .english)
        return ReportData(title: say("title.trunk-utilisation"), sections: [
            ReportData.Section(key: "trunks", title: say("section.trunks"),
                               paragraphs: [periodLine(filters, language), say("note.kpis")],
                               tables: [ReportData.Table(key: "trunks", columns: columns, cells: cells)],
                               charts: charted.isEmpty ? [] : [chart]),
        ])
    }

    // MARK: Management summary

    /// The key figures of everything the principal may see over the period (calls offered and
    /// answered, answer rate, service level, ASA, talk time, peak concurrency), one row per day (in
    /// the report's time zone) with a line chart of offered and answered calls, and — when the
    /// profile allows cost reports by org — the cost summary by zone with its chart.
    /// - Throws: ``ReportsError``, the KPI engine's and the query layer's errors.
    public func managementSummary(_ filters: ReportFilters, language: DocumentLanguage) throws -> ReportData {
        let say = { (key: String) in ReportLabels.text(key, language) }
        let (fromMs, toMs) = period(filters)
        let figures = Figures(self, fromMs: fromMs, toMs: toMs)
        let enterprise = KPIEntity(kind: .enterprise, id: "")
        let format = CellFormatter(language: language, timeZone: reporting.timeZone)
        let columns = [
            ReportData.TypedColumn(key: "day", title: say("column.day"), kind: .date),
            .init(key: "offered", title: say("column.offered"), kind: .integer),
            .init(key: "answered", title: say("column.answered"), kind: .integer),
            .init(key: "answer_rate", title: say("column.answer_rate"), kind: .percent),
            .init(key: "service_level", title: say("column.service_level"), kind: .percent),
            .init(key: "asa_seconds", title: say("column.asa_seconds"), kind: .decimal),
            .init(key: "talk_seconds", title: say("column.talk"), kind: .duration),
            .init(key: "peak_concurrency", title: say("column.peak_concurrency"), kind: .integer),
        ]
        var cells: [[ReportDocument.Cell]] = []
        var days: [String] = []
        var offered: [Double] = []
        var answered: [Double] = []
        var day = filters.from
        while day < filters.until {
            let next = day.adding(days: 1)
            if let bucket = try figures.whole(enterprise, fromMs: reporting.startMs(of: day), toMs: reporting.startMs(of: next)) {
                let date = AccountingReports.dateCell(day)
                cells.append([date, .integer(Int64(bucket.offered)), .integer(Int64(bucket.answered)), Self.percent(bucket.answerRate),
                              Self.percent(bucket.serviceLevel), Self.seconds(bucket.asaSeconds),
                              .duration(seconds: Int64(bucket.talkSeconds.rounded())), .integer(Int64(bucket.peakConcurrency))])
                days.append(format.text(date))
                offered.append(Double(bucket.offered))
                answered.append(Double(bucket.answered))
            }
            day = next
        }
        var paragraphs = [periodLine(filters, language)]
        if let total = try figures.whole(enterprise, fromMs: fromMs, toMs: toMs) {
            func text(_ cell: ReportDocument.Cell) -> String { cell == .empty ? "–" : format.text(cell) }
            paragraphs.append(say("column.offered") + " " + text(.integer(Int64(total.offered))) + " · " + say("column.answered") + " "
                + text(.integer(Int64(total.answered))) + " · " + say("column.answer_rate") + " " + text(Self.percent(total.answerRate))
                + " · " + say("column.service_level") + " " + text(Self.percent(total.serviceLevel)) + " · "
                + say("column.asa_seconds") + " " + text(Self.seconds(total.asaSeconds)) + " · " + say("column.talk") + " "
                + text(.duration(seconds: Int64(total.talkSeconds.rounded()))) + " · " + say("column.peak_concurrency") + " "
                + text(.integer(Int64(total.peakConcurrency))))
        }
        paragraphs.append(say("note.kpis"))
        let chart = Chart(kind: .line, title: say("chart.calls-per-day"), categories: days,
                          series: [Chart.Series(name: say("column.offered"), values: offered),
                                   Chart.Series(name: say("column.answered"), values: answered)],
                          xAxisTitle: say("column.day"), yAxisTitle: say("chart.calls"),
                          numberFormat: language == .de ? .german : .english)
        var sections = [
            ReportData.Section(key: "days", title: say("section.days"), paragraphs: paragraphs,
                               tables: [ReportData.Table(key: "days", columns: columns, cells: cells)],
                               charts: days.isEmpty ? [] : [chart]),
        ]
        if governance.isEnabled(.costReportByOrg) {
            var costs = filters
            costs.by = .zone
            sections += try accounting.costSummary(costs, language: language).sections.map { section in
                var section = section
                section.key = "costs"
                section.title = say("title.cost-summary") + " (" + say("column.zone") + ")"
                return section
            }
        }
        return ReportData(title: say("title.management-summary"), sections: sections)
    }
}
