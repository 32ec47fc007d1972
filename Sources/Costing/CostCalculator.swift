import TollbookConfiguration
import TollbookCore

/// Computes call and indirect costs per org node and participant for a period.
///
/// Rules (see `docs/org.md`):
/// - A participant's package on a day is their own assignment valid that day, else the nearest
///   assignment on their node or a node above it (packages are inherited down the tree).
/// - Base fees, devices and monthly services are per month and prorated by days: an item of
///   `M` per month charged for `d` of the month's `D` days costs `M × d / D`, rounded half up to
///   the minor unit once per participant (or node), node, package, month and item.
/// - A participant's items are charged to the node they sat on that day; a node's services to the
///   node itself. One-off services are charged on their day when the assignment is valid then.
/// - Labour is the hourly rate of the package in force on the call's day × talk time, rounded
///   once per participant, node and package.
/// - Markup is the package's percentage of everything charged under it (calls included).
/// - Calls are charged to the node they are allocated to; calls nobody owns stay on "Other".
public struct CostCalculator {
    /// The period: `from` inclusive, `until` exclusive.
    public let from: CalendarDay
    public let until: CalendarDay
    /// The report's currency.
    public let currency: String
    let org: CostingOrg
    let packages: ResolvedPackages

    private struct ChargeKey: Hashable {
        let participant: Int64
        let node: Int64
        let package: Int
    }

    private struct CallKey: Hashable {
        let node: Int64
        let participant: Int64?
        let package: Int?
        let month: Int64
    }

    private var calls: [CallKey: CostAmounts] = [:]
    private var labourMs: [ChargeKey: [Int64: Int64]] = [:]

    /// Prepares a calculation.
    /// - Throws: ``CostingError`` for an empty period or unresolved package assignments.
    public init(org: CostingOrg, packages: [PackageSettings], from: CalendarDay, until: CalendarDay,
                currency: String = "EUR") throws {
        guard from < until else { throw CostingError.emptyPeriod }
        self.from = from
        self.until = until
        self.currency = currency
        self.org = org
        self.packages = try ResolvedPackages(packages, org: org, currency: currency)
    }

    /// Adds a call (calls outside the period are ignored).
    public mutating func add(_ call: AllocatedCall) {
        guard call.day >= from, call.day < until else { return }
        var package: Int?
        if let participant = call.participantID {
            package = packages.package(participant: participant, node: call.nodeID, on: call.day)
            if let package {
                labourMs[ChargeKey(participant: participant, node: call.nodeID, package: package),
                          default: [:]][call.day.firstOfMonth.daysSinceEpoch, default: 0] += call.talkMs
            }
        }
        let key = CallKey(node: call.nodeID, participant: call.participantID, package: package,
                          month: call.day.firstOfMonth.daysSinceEpoch)
        var amounts = calls[key] ?? CostAmounts()
        amounts.calls += 1
        amounts.talkMs += call.talkMs
        amounts.callCostMinor += call.costMinor ?? 0
        calls[key] = amounts
    }

    /// Adds a retained sum (calls whose detail retention or erasure deleted) of `nodeID` as calls
    /// without a participant on `day` (ignored outside the period): call costs and counts stay in
    /// the node's totals; labour time, which needs the person, is not charged for them.
    public mutating func addRetainedSum(day: CalendarDay, nodeID: Int64, calls: Int, talkMs: Int64, costMinor: Int64) {
        guard day >= from, day < until else { return }
        let key = CallKey(node: nodeID, participant: nil, package: nil, month: day.firstOfMonth.daysSinceEpoch)
        var amounts = self.calls[key] ?? CostAmounts()
        amounts.calls += calls
        amounts.talkMs += talkMs
        amounts.callCostMinor += costMinor
        self.calls[key] = amounts
    }

    /// The costs, with every statement line.
    public func report() -> CostReport {
        var lines: [StatementLine] = []
        /// Everything charged under a package to one participant or node, for the markup.
        var underPackage: [ChargeKey: [Int64: CostAmounts]] = [:]
        func month(_ days: Int64) -> String { CalendarDay(daysSinceEpoch: days).monthText }
        func charge(_ line: StatementLine, key: ChargeKey?, monthStart: Int64) {
            guard line.amounts != CostAmounts() else { return }
            lines.append(line)
            if let key { underPackage[key, default: [:]][monthStart, default: CostAmounts()] = 
                (underPackage[key]?[monthStart] ?? CostAmounts()) + line.amounts }
        }

        // Calls.
        for (key, amounts) in calls.sorted(by: { ($0.key.month, $0.key.node, $0.key.participant ?? -1) < ($1.key.month, $1.key.node, $1.key.participant ?? -1) }) {
            let chargeKey = key.participant.flatMap { participant in
                key.package.map { ChargeKey(participant: participant, node: key.node, package: $0) }
            }
            charge(StatementLine(nodeID: key.node, participantID: key.participant, month: month(key.month), item: .calls,
                                 package: "", quantity: Int64(amounts.calls), unit: "calls", amounts: amounts),
                   key: chargeKey, monthStart: key.month)
        }

        // Participants' days under each package, per node and month.
        var days: [ChargeKey: [Int64: Int64]] = [:]
        for placement in org.placements {
            let first = max(from, placement.from)
            let end = min(until, placement.until ?? until)
            var day = first
            while day < end {
                if let package = packages.package(participant: placement.participantID, node: placement.nodeID, on: day) {
                    days[ChargeKey(participant: placement.participantID, node: placement.nodeID, package: package),
                         default: [:]][day.firstOfMonth.daysSinceEpoch, default: 0] += 1
                }
                day = day.adding(days: 1)
            }
        }
        for (key, months) in days.sorted(by: { ($0.key.participant, $0.key.node, $0.key.package) < ($1.key.participant, $1.key.node, $1.key.package) }) {
            let package = packages.packages[key.package]
            for (monthStart, count) in months.sorted(by: { $0.key < $1.key }) {
                let monthDays = CalendarDay(daysSinceEpoch: monthStart).daysInMonth
                func prorated(_ monthly: Int64) -> Int64 { Self.roundHalfUp(monthly * count, monthDays) }
                var base = CostAmounts()
                base.baseFeeMinor = prorated(package.baseFeeMinor)
                charge(StatementLine(nodeID: key.node, participantID: key.participant, month: month(monthStart),
                                     item: .baseFee, package: package.name, quantity: count, unit: "days", amounts: base),
                       key: key, monthStart: monthStart)
                for device in package.devices {
                    var amounts = CostAmounts()
                    amounts.deviceMinor = prorated(device.monthlyMinor)
                    charge(StatementLine(nodeID: key.node, participantID: key.participant, month: month(monthStart),
                                         item: .device(device.name), package: package.name, quantity: count,
                                         unit: "days", amounts: amounts), key: key, monthStart: monthStart)
                }
            }
        }

        // Labour.
        for (key, months) in labourMs.sorted(by: { ($0.key.participant, $0.key.node, $0.key.package) < ($1.key.participant, $1.key.node, $1.key.package) }) {
            let package = packages.packages[key.package]
            guard package.labourPerHourMinor > 0 else { continue }
            for (monthStart, ms) in months.sorted(by: { $0.key < $1.key }) {
                var amounts = CostAmounts()
                amounts.labourMinor = Self.roundHalfUp(ms * package.labourPerHourMinor, 3_600_000)
                charge(StatementLine(nodeID: key.node, participantID: key.participant, month: month(monthStart),
                                     item: .labour, package: package.name, quantity: (ms + 999) / 1000, unit: "seconds",
                                     amounts: amounts), key: key, monthStart: monthStart)
            }
        }

        // Services: to the node or participant the package is assigned to.
        chargeServices(&lines, underPackage: &underPackage, month: month)

        // Markup on everything charged under a package.
        for (key, months) in underPackage.sorted(by: { ($0.key.participant, $0.key.node, $0.key.package) < ($1.key.participant, $1.key.node, $1.key.package) }) {
            let package = packages.packages[key.package]
            guard package.markupBasisPoints > 0 else { continue }
            for (monthStart, amounts) in months.sorted(by: { $0.key < $1.key }) {
                var markup = CostAmounts()
                markup.markupMinor = Self.roundHalfUp(amounts.totalMinor * package.markupBasisPoints, 10_000)
                guard markup.markupMinor != 0 else { continue }
                lines.append(StatementLine(nodeID: key.node, participantID: key.participant >= 0 ? key.participant : nil,
                                           month: month(monthStart), item: .markup, package: package.name,
                                           quantity: package.markupBasisPoints, unit: "basis points", amounts: markup))
            }
        }
        return CostReport(org: org, from: from, until: until, currency: currency, lines: lines)
    }

    /// Services of node and participant assignments; node services use participant id -1 in the
    /// markup key.
    private func chargeServices(_ lines: inout [StatementLine], underPackage: inout [ChargeKey: [Int64: CostAmounts]],
                                month: (Int64) -> String) {
        func add(_ line: StatementLine, _ key: ChargeKey, _ monthStart: Int64) {
            guard line.amounts != CostAmounts() else { return }
            lines.append(line)
            underPackage[key, default: [:]][monthStart] = (underPackage[key]?[monthStart] ?? CostAmounts()) + line.amounts
        }
        // Node assignments: every day of the assignment within the period.
        for (node, assignments) in packages.byNode.sorted(by: { $0.key < $1.key }) {
            for assignment in assignments {
                let package = packages.packages[assignment.package]
                let key = ChargeKey(participant: -1, node: node, package: assignment.package)
                for service in package.services {
                    switch service.schedule {
                    case .once(let text):
                        guard let day = CalendarDay(text), day >= from, day < until, assignment.contains(day) else { continue }
                        var amounts = CostAmounts()
                        amounts.serviceMinor = service.amountMinor
                        add(StatementLine(nodeID: node, participantID: nil, month: day.monthText, item: .service(service.name),
                                          package: package.name, quantity: 1, unit: "once", amounts: amounts),
                            key, day.firstOfMonth.daysSinceEpoch)
                    case .monthly:
                        var perMonth: [Int64: Int64] = [:]
                        var day = max(from, assignment.from)
                        let end = min(until, assignment.until ?? until)
                        while day < end {
                            perMonth[day.firstOfMonth.daysSinceEpoch, default: 0] += 1
                            day = day.adding(days: 1)
                        }
                        for (monthStart, count) in perMonth.sorted(by: { $0.key < $1.key }) {
                            var amounts = CostAmounts()
                            amounts.serviceMinor = Self.roundHalfUp(
                                service.amountMinor * count, CalendarDay(daysSinceEpoch: monthStart).daysInMonth)
                            add(StatementLine(nodeID: node, participantID: nil, month: month(monthStart),
                                              item: .service(service.name), package: package.name, quantity: count,
                                              unit: "days", amounts: amounts), key, monthStart)
                        }
                    }
                }
            }
        }
        // Participant assignments: charged to the node the participant sat on.
        for (participant, assignments) in packages.byParticipant.sorted(by: { $0.key < $1.key }) {
            let placements = org.placements.filter { $0.participantID == participant }
            for assignment in assignments {
                let package = packages.packages[assignment.package]
                for service in package.services {
                    switch service.schedule {
                    case .once(let text):
                        guard let day = CalendarDay(text), day >= from, day < until, assignment.contains(day),
                              let placement = placements.first(where: { $0.contains(day) }) else { continue }
                        var amounts = CostAmounts()
                        amounts.serviceMinor = service.amountMinor
                        add(StatementLine(nodeID: placement.nodeID, participantID: participant, month: day.monthText,
                                          item: .service(service.name), package: package.name, quantity: 1, unit: "once",
                                          amounts: amounts),
                            ChargeKey(participant: participant, node: placement.nodeID, package: assignment.package),
                            day.firstOfMonth.daysSinceEpoch)
                    case .monthly:
                        var perNodeMonth: [Int64: [Int64: Int64]] = [:]
                        var day = max(from, assignment.from)
                        let end = min(until, assignment.until ?? until)
                        while day < end {
                            if let placement = placements.first(where: { $0.contains(day) }) {
                                perNodeMonth[placement.nodeID, default: [:]][day.firstOfMonth.daysSinceEpoch, default: 0] += 1
                            }
                            day = day.adding(days: 1)
                        }
                        for (node, months) in perNodeMonth.sorted(by: { $0.key < $1.key }) {
                            for (monthStart, count) in months.sorted(by: { $0.key < $1.key }) {
                                var amounts = CostAmounts()
                                amounts.serviceMinor = Self.roundHalfUp(
                                    service.amountMinor * count, CalendarDay(daysSinceEpoch: monthStart).daysInMonth)
                                add(StatementLine(nodeID: node, participantID: participant, month: month(monthStart),
                                                  item: .service(service.name), package: package.name, quantity: count,
                                                  unit: "days", amounts: amounts),
                                    ChargeKey(participant: participant, node: node, package: assignment.package), monthStart)
                            }
                        }
                    }
                }
            }
        }
    }

    /// `value / divisor` rounded half up (both non-negative).
    static func roundHalfUp(_ value: Int64, _ divisor: Int64) -> Int64 {
        divisor <= 0 ? 0 : (value + divisor / 2) / divisor
    }
}
