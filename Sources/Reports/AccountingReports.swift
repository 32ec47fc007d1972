import Access
import Charts
import Costing
import Documents
import Foundation
import Governance
import Org
import Query
import Store
import TollbookConfiguration
import TollbookCore

/// What a cost summary groups by.
public enum CostSummaryGrouping: String, Sendable, Equatable, CaseIterable {
    /// Org node (subtree totals, minimum group size applied).
    case node
    /// The provider the call was rated with.
    case provider
    /// The tariff zone.
    case zone
    /// The trunk (group) the PBX reported.
    case trunk
    /// The site of the call's source.
    case site
}

/// What top destinations are ranked by.
public enum DestinationRanking: String, Sendable, Equatable, CaseIterable {
    /// The sum of the calls' costs.
    case cost
    /// The number of calls.
    case count
}

/// The filters of the accounting reports; each report reads the ones it needs.
public struct ReportFilters: Sendable, Equatable {
    /// The first day (on the report's clock).
    public var from: CalendarDay
    /// The day after the last one.
    public var until: CalendarDay
    /// `itemised`: the participant (`#id`, employee id, e-mail or unique name).
    public var participant: String?
    /// `itemised`: the org node (path; its subtree).
    public var node: String?
    /// `cost-summary`: the grouping.
    public var by: CostSummaryGrouping
    /// `top-destinations`: how many.
    public var top: Int
    /// `top-destinations`: the ranking.
    public var rankBy: DestinationRanking

    /// Filters for `[from, until)`.
    public init(from: CalendarDay, until: CalendarDay, participant: String? = nil, node: String? = nil,
                by: CostSummaryGrouping = .node, top: Int = 10, rankBy: DestinationRanking = .cost) {
        self.from = from
        self.until = until
        self.participant = participant
        self.node = node
        self.by = by
        self.top = top
        self.rankBy = rankBy
    }
}

/// The accounting reports that need no KPI engine — itemised call list, cost summary, top
/// destinations — as ``ReportData`` with typed tables and charts, every call read through the
/// query layer of `reporting` (scope, privacy masking; the minimum group size for per-node sums).
public struct AccountingReports {
    /// The cost reporting (query layer, packages, time zone) the reports read through.
    public let reporting: CostReporting
    /// The co-determination profile and minimum group size.
    public let governance: GovernanceSettings
    /// Site name per source name (the `sites:` of the configuration).
    public let sourceSites: [String: String]

    /// Reports through `reporting`.
    public init(reporting: CostReporting, governance: GovernanceSettings, sourceSites: [String: String] = [:]) {
        self.reporting = reporting
        self.governance = governance
        self.sourceSites = sourceSites
    }

    private var query: CallQuery { reporting.query }

    private func request(_ filters: ReportFilters, nodeID: Int64? = nil, participantID: Int64? = nil) -> CallRequest {
        CallRequest(filter: CallFilter(fromMs: reporting.startMs(of: filters.from), toMs: reporting.startMs(of: filters.until)),
                    nodeID: nodeID, participantID: participantID)
    }

    /// "Period: <first day> to <last day>" in `language`.
    func periodLine(_ filters: ReportFilters, _ language: DocumentLanguage) -> String {
        let format = CellFormatter(language: language, timeZone: reporting.timeZone)
        let last = filters.until.adding(days: -1)
        func day(_ value: CalendarDay) -> String { format.text(Self.dateCell(value)) }
        return ReportLabels.text("period", language) + ": " + day(filters.from) + " " + ReportLabels.text("to", language)
            + " " + day(last)
    }

    // MARK: Itemised call list

    /// The itemised call list ("Einzelverbindungsnachweis") of a participant, of an org node's
    /// subtree, or of every call the principal may see: one row per leg, numbers and fields shown
    /// per the call's privacy package (masked numbers, hidden durations and places blank, the time
    /// of day left out where the package hides it). Needs `itemised_calls` in the profile.
    /// - Throws: ``ReportsError``.
    public func itemised(_ filters: ReportFilters, language: DocumentLanguage) throws -> ReportData {
        try CostReporting.require(.itemisedCalls, in: governance)
        var participantID: Int64?
        var nodeID: Int64?
        var subject = ReportLabels.text("subject.all", language)
        if let reference = filters.participant {
            do {
                let participant = try query.chart.participant(matching: reference)
                participantID = participant.id
                subject = ReportLabels.text("subject.participant", language) + ": " + participant.fields.name
            } catch {
                throw ReportsError.unknownParticipant
            }
        } else if let path = filters.node {
            guard let orgPath = try? OrgPath(parsing: path), let node = try query.chart.node(at: orgPath) else {
                throw ReportsError.unknownNode(path)
            }
            nodeID = node.id
            subject = ReportLabels.text("subject.node", language) + ": " + orgPath.description
        }
        let say = { (key: String) in ReportLabels.text(key, language) }
        let columns = [
            ReportData.TypedColumn(key: "start", title: say("column.start"), kind: .timestamp),
            .init(key: "extension", title: say("column.extension")),
            .init(key: "number", title: say("column.number")),
            .init(key: "direction", title: say("column.direction")),
            .init(key: "duration_seconds", title: say("column.duration"), kind: .duration),
            .init(key: "destination", title: say("column.destination")),
            .init(key: "provider", title: say("column.provider")),
            .init(key: "cost", title: say("column.cost"), kind: .money),
            .init(key: "currency", title: say("column.currency")),
        ]
        var cells: [[ReportDocument.Cell]] = []
        var totalMinor: Int64 = 0
        var talkSeconds: Int64 = 0
        var currency = ""
        try query.callsWithPrivacy(request(filters, nodeID: nodeID, participantID: participantID)) { stored, privacy in
            let call = stored.call
            let pricing = call.pricing
            let start: ReportDocument.Cell
            if privacy.showsTime {
                start = .timestamp(ms: call.startMs)
            } else {
                start = Self.dateCell(reporting.day(ofMs: call.startMs))
            }
            let number = pricing.map(\.remoteE164).flatMap { $0.isEmpty ? nil : $0 } ?? call.parties.remote
            let cost: ReportDocument.Cell
            if let minor = pricing?.costMinor, let code = pricing?.currency {
                cost = .money(minor: minor, currency: code)
                totalMinor += minor
                if currency.isEmpty { currency = code }
            } else {
                cost = .empty
            }
            if privacy.showsDuration { talkSeconds += call.talkMs / 1000 }
            cells.append([
                start, .text(call.parties.extension), .text(number),
                .text(say("direction." + call.direction.rawValue)),
                privacy.showsDuration ? .duration(seconds: call.talkMs / 1000) : .empty,
                privacy.showsPlace ? .text(pricing?.destination ?? "") : .empty,
                .text(pricing?.provider ?? ""), cost, .text(pricing?.currency ?? ""),
            ])
        }
        let format = CellFormatter(language: language, timeZone: reporting.timeZone, currencyStyle: .symbol)
        let totals = say("totals") + ": " + say("column.calls") + " " + format.text(.integer(Int64(cells.count)))
            + " · " + say("column.talk") + " " + format.text(.duration(seconds: talkSeconds))
            + " · " + say("column.cost") + " " + format.text(.money(minor: totalMinor, currency: currency.isEmpty ? "EUR" : currency))
        return ReportData(title: say("title.itemised"), sections: [
            ReportData.Section(key: "calls", title: say("section.calls"),
                               paragraphs: [subject, periodLine(filters, language), totals],
                               tables: [ReportData.Table(key: "calls", columns: columns, cells: cells)]),
        ])
    }

    // MARK: Cost summary

    /// Call costs of `[from, until)` grouped by org node (subtree totals, the minimum group size
    /// applied: a withheld cell shows `< k` and stays out of the chart), provider, zone, trunk or
    /// site; the share of the total in percent; a bar chart of the costs. Needs `cost_report_by_org`.
    /// - Throws: ``ReportsError``.
    public func costSummary(_ filters: ReportFilters, language: DocumentLanguage) throws -> ReportData {
        try CostReporting.require(.costReportByOrg, in: governance)
        let say = { (key: String) in ReportLabels.text(key, language) }
        struct Group {
            var key: String
            var calls: Int64 = 0
            var talkSeconds: Int64 = 0
            var costMinor: Int64 = 0
            var withheld: String?
        }
        var groups: [Group] = []
        var currency = reporting.packages.first?.currency ?? "EUR"
        var paragraphs = [periodLine(filters, language), say("grouping") + ": " + say("column." + filters.by.rawValue)]
        var grandTotal: Int64 = 0
        switch filters.by {
        case .node:
            let governed = try reporting.costsByNode(from: filters.from, until: filters.until, governance: governance)
            currency = governed.report.currency
            grandTotal = governed.report.total.callCostMinor
            for row in governed.report.nodes {
                let visibility = governed.total[row.node.id] ?? .shown
                var group = Group(key: row.node.path, calls: Int64(row.total.calls), talkSeconds: row.total.talkMs / 1000,
                                  costMinor: row.total.callCostMinor)
                if !visibility.isShown { group.withheld = visibility == .belowMinimum ? "< \(governed.minimumGroupSize)" : "–" }
                groups.append(group)
            }
            if governed.minimumGroupSize > 0 {
                paragraphs.append(say("note.withheld").replacingOccurrences(of: "{k}", with: String(governed.minimumGroupSize)))
            }
        case .provider, .zone, .trunk, .site:
            var byKey: [String: Group] = [:]
            try query.calls(request(filters)) { stored in
                guard let pricing = stored.call.pricing, let minor = pricing.costMinor else { return }
                let key: String
                switch filters.by {
                case .provider: key = pricing.provider
                case .zone: key = pricing.zone
                case .trunk: key = stored.call.trunk
                case .site, .node: key = sourceSites[stored.source] ?? ""
                }
                var group = byKey[key] ?? Group(key: key)
                group.calls += 1
                group.talkSeconds += stored.call.talkMs / 1000
                group.costMinor += minor
                byKey[key] = group
                grandTotal += minor
                if !pricing.currency.isEmpty { currency = pricing.currency }
            }
            groups = byKey.values.sorted { ($0.costMinor, $1.key) > ($1.costMinor, $0.key) }
        }
        let columns = [
            ReportData.TypedColumn(key: filters.by.rawValue, title: say("column." + filters.by.rawValue)),
            .init(key: "calls", title: say("column.calls"), kind: .integer),
            .init(key: "talk_seconds", title: say("column.talk"), kind: .duration),
            .init(key: "cost", title: say("column.cost"), kind: .money),
            .init(key: "share_percent", title: say("column.share"), kind: .percent),
        ]
        var cells: [[ReportDocument.Cell]] = groups.map { group in
            let name = ReportDocument.Cell.text(group.key.isEmpty ? say("value.none") : group.key)
            if let withheld = group.withheld { return [name] + Array(repeating: .withheld(withheld), count: 4) }
            return [name, .integer(group.calls), .duration(seconds: group.talkSeconds),
                    .money(minor: group.costMinor, currency: currency), .percent(hundredths: Self.share(group.costMinor, of: grandTotal))]
        }
        if filters.by != .node {
            cells.append([.text(say("value.total")), .integer(groups.reduce(0) { $0 + $1.calls }),
                          .duration(seconds: groups.reduce(0) { $0 + $1.talkSeconds }),
                          .money(minor: grandTotal, currency: currency), .percent(hundredths: grandTotal == 0 ? 0 : 10_000)])
        }
        // The chart: top-level nodes (nested nodes would count twice), or every group.
        let charted = groups.filter { group in
            group.withheld == nil && (filters.by != .node || !group.key.contains("/"))
        }
        let chart = Chart(kind: .bar, title: say("title.cost-summary"),
                          categories: charted.map { $0.key.isEmpty ? say("value.none") : $0.key },
                          series: [Chart.Series(name: say("chart.cost"), values: charted.map { Double($0.costMinor) / 100 })],
                          xAxisTitle: say("column." + filters.by.rawValue),
                          yAxisTitle: say("chart.cost") + " (" + (CurrencyStyle.symbol(of: currency) ?? currency) + ")",
                          numberFormat: language == .de ? .german : .english)
        return ReportData(title: say("title.cost-summary"), sections: [
            ReportData.Section(key: "summary", title: say("section.summary"), paragraphs: paragraphs,
                               tables: [ReportData.Table(key: "summary", columns: columns, cells: cells)],
                               charts: charted.isEmpty ? [] : [chart]),
        ])
    }

    /// A day as a date cell.
    static func dateCell(_ day: CalendarDay) -> ReportDocument.Cell {
        let civil = day.civil
        return .date(year: Int(civil.year), month: Int(civil.month), day: Int(civil.day))
    }

    /// `part` of `total` in hundredths of a percent, rounded half up (0 when the total is 0).
    static func share(_ part: Int64, of total: Int64) -> Int64 {
        guard total != 0 else { return 0 }
        return (part * 20_000 + total) / (2 * total)
    }

    // MARK: Top destinations

    /// The `top` destinations of `[from, until)` (the tariff's destination name, else the zone,
    /// of rated calls with a cost) ranked by cost or by number of calls (ties by the other, then
    /// by name), with a bar chart of the ranked figure.
    /// - Throws: ``ReportsError``.
    public func topDestinations(_ filters: ReportFilters, language: DocumentLanguage) throws -> ReportData {
        guard filters.top >= 1 else { throw ReportsError.invalidFilter("--top must be at least 1") }
        let say = { (key: String) in ReportLabels.text(key, language) }
        var byKey: [String: (calls: Int64, talk: Int64, cost: Int64)] = [:]
        var currency = reporting.packages.first?.currency ?? "EUR"
        var grandTotal: Int64 = 0
        try query.calls(request(filters)) { stored in
            guard let pricing = stored.call.pricing, let minor = pricing.costMinor else { return }
            let key = !pricing.destination.isEmpty ? pricing.destination : pricing.zone
            var entry = byKey[key] ?? (0, 0, 0)
            entry.calls += 1
            entry.talk += stored.call.talkMs / 1000
            entry.cost += minor
            byKey[key] = entry
            grandTotal += minor
            if !pricing.currency.isEmpty { currency = pricing.currency }
        }
        let ranked = byKey.sorted { lhs, rhs in
            let (l, r) = (lhs.value, rhs.value)
            switch filters.rankBy {
            case .cost: return (l.cost, l.calls, rhs.key) > (r.cost, r.calls, lhs.key)
            case .count: return (l.calls, l.cost, rhs.key) > (r.calls, r.cost, lhs.key)
            }
        }.prefix(filters.top)
        let columns = [
            ReportData.TypedColumn(key: "rank", title: say("column.rank"), kind: .integer),
            .init(key: "destination", title: say("column.destination")),
            .init(key: "calls", title: say("column.calls"), kind: .integer),
            .init(key: "talk_seconds", title: say("column.talk"), kind: .duration),
            .init(key: "cost", title: say("column.cost"), kind: .money),
            .init(key: "share_percent", title: say("column.share"), kind: .percent),
        ]
        let cells: [[ReportDocument.Cell]] = ranked.enumerated().map { index, entry in
            [.integer(Int64(index + 1)), .text(entry.key.isEmpty ? say("value.none") : entry.key), .integer(entry.value.calls),
             .duration(seconds: entry.value.talk), .money(minor: entry.value.cost, currency: currency),
             .percent(hundredths: Self.share(entry.value.cost, of: grandTotal))]
        }
        let metric = filters.rankBy == .cost ? "chart.cost" : "chart.calls"
        let chart = Chart(kind: .bar, title: say("title.top-destinations"),
                          categories: ranked.map { $0.key.isEmpty ? say("value.none") : $0.key },
                          series: [Chart.Series(name: say(metric), values: ranked.map {
                              filters.rankBy == .cost ? Double($0.value.cost) / 100 : Double($0.value.calls)
                          })],
                          xAxisTitle: say("column.destination"),
                          yAxisTitle: filters.rankBy == .cost
                            ? say("chart.cost") + " (" + (CurrencyStyle.symbol(of: currency) ?? currency) + ")" : say("chart.calls"),
                          numberFormat: language == .de ? .german : .english)
        return ReportData(title: say("title.top-destinations"), sections: [
            ReportData.Section(key: "destinations", title: say("section.destinations"),
                               paragraphs: [periodLine(filters, language), say("ranking") + ": " + say(metric)],
                               tables: [ReportData.Table(key: "destinations", columns: columns, cells: cells)],
                               charts: ranked.isEmpty ? [] : [chart]),
        ])
    }
}
