import Access
import Org
import Query
import Store
import TollbookCore
import XCTest

/// Property: for many random (principal, query) pairs over a generated org chart whose people move
/// between nodes and whose classifiers change owners over time, every channel of the query layer
/// (the row API, the fast JSON-lines writer, a single call by id) returns exactly the rows an
/// independent oracle allows — computed here from the generated plan, not from the store's view
/// or the query layer's resolution; a request outside the scope returns nothing and is audited.
final class ScopePropertyTests: QueryTestCase {
    /// Number of (principal, query) pairs checked.
    static let pairs = 1_200

    /// A deterministic generator (SplitMix64), so that a failure can be replayed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    }

    /// A period of the plan: `target` (node or participant) over `[from, to)`.
    struct Period {
        let target: Int64
        let from: Int64
        var to: Int64
    }

    struct Plan {
        var parent: [Int64: Int64] = [:]
        var nodes: [Int64] = []
        var placements: [Int64: [Period]] = [:]
        /// Owners by classifier (kind rank, value).
        var owners: [String: [Period]] = [:]
        var participants: [Int64] = []
        /// Calls: id, start, pin, account code, extension key, device.
        var calls: [(id: Int64, start: Int64, classifiers: [String])] = []
    }

    private static let kinds: [ClassifierKind] = [.pin, .accountCode, .extension, .device]

    private func buildPlan(_ random: inout Random) throws -> Plan {
        var plan = Plan()
        let paths = ["A", "A/Sales", "A/Sales/North", "A/Support", "B", "B/Lab", "B/Ops", "C"]
        for text in paths { try chart.addNode(at: orgPath(text), nowMs: 0) }
        for text in paths {
            let id = try node(text)
            plan.nodes.append(id)
            if let slash = text.lastIndex(of: "/") { plan.parent[id] = try node(String(text[..<slash])) }
        }
        plan.nodes.append(OrgChart.otherNodeID)
        let year = day("2025-01-01")
        let dayMs: Int64 = 86_400_000
        // 14 people, each placed from a random day, moving up to three times.
        for index in 0..<14 {
            var from = year + Int64(random.below(60)) * dayMs
            var node = random.pick(paths)
            let id = try chart.addParticipant(ParticipantFields(name: "P\(index)"), at: orgPath(node), fromMs: from, nowMs: 0)
            plan.participants.append(id)
            var periods = [Period(target: try self.node(node), from: from, to: .max)]
            for _ in 0..<random.below(4) {
                from += Int64(1 + random.below(90)) * dayMs
                let next = random.pick(paths.filter { $0 != node })
                XCTAssertTrue(try chart.moveParticipant(id: id, to: orgPath(next), fromMs: from))
                periods[periods.count - 1].to = from
                periods.append(Period(target: try self.node(next), from: from, to: .max))
                node = next
            }
            plan.placements[id] = periods
        }
        // Classifiers: 4 PINs, 3 account codes, 12 extensions, 6 devices; most get owners over time.
        var values: [[String]] = [(0..<4).map { "9\($0)" }, (0..<3).map { "ac\($0)" }, (0..<12).map { "ber/20\($0)" },
                                  (0..<6).map { "SEP\($0)" }]
        for (rank, kind) in Self.kinds.enumerated() {
            for value in values[rank] where random.chance(80) {
                var from = year + Int64(random.below(120)) * dayMs
                var owner = random.pick(plan.participants)
                var periods: [Period] = []
                for _ in 0...random.below(3) {
                    _ = try chart.assign(kind, value, to: owner, fromMs: from, nowMs: 0)
                    if !periods.isEmpty { periods[periods.count - 1].to = from }
                    periods.append(Period(target: owner, from: from, to: .max))
                    from += Int64(1 + random.below(100)) * dayMs
                    owner = random.pick(plan.participants.filter { $0 != owner })
                }
                plan.owners["\(rank)|\(value)"] = periods
            }
            values[rank].append("")
        }
        // 360 calls over the year with random classifiers (some unowned, some none).
        for _ in 0..<360 {
            let start = year + Int64(random.below(365)) * dayMs + Int64(random.below(86_400)) * 1_000
            let pin = random.chance(15) ? random.pick(values[0]) : ""
            let account = random.chance(15) ? random.pick(values[1]) : ""
            let key = random.chance(85) ? random.pick(values[2] + ["ber/2999"]) : ""
            let device = random.chance(50) ? random.pick(values[3]) : ""
            let id = try addCall(startMs: start, extensionKey: key, pin: pin, accountCode: account, device: device)
            plan.calls.append((id, start, [pin, account, key, device]))
        }
        plan.calls.sort { ($0.start, $0.id) < ($1.start, $1.id) }
        return plan
    }

    // MARK: The oracle

    private func owner(_ call: (id: Int64, start: Int64, classifiers: [String]), _ plan: Plan) -> Int64? {
        for rank in 0..<4 where !call.classifiers[rank].isEmpty {
            if let period = plan.owners["\(rank)|\(call.classifiers[rank])"]?.first(where: { $0.from <= call.start && call.start < $0.to }) {
                return period.target
            }
        }
        return nil
    }

    private func node(of owner: Int64?, at ms: Int64, _ plan: Plan) -> Int64 {
        guard let owner else { return OrgChart.otherNodeID }
        return plan.placements[owner]?.first { $0.from <= ms && ms < $0.to }?.target ?? OrgChart.otherNodeID
    }

    private func below(_ roots: Set<Int64>, _ plan: Plan) -> Set<Int64> {
        Set(plan.nodes.filter { node in
            var current: Int64? = node
            while let id = current {
                if roots.contains(id) { return true }
                current = plan.parent[id]
            }
            return false
        })
    }

    func testEveryChannelReturnsExactlyWhatTheOracleAllows() throws {
        var random = Random(state: 20_251_207)
        let plan = try buildPlan(&random)
        var checked = 0
        var denials = 0
        var rowsSeen = 0
        while checked < Self.pairs {
            // A principal: everything, a manager of 1–2 subtrees (maybe with own calls), an employee, nobody.
            let participant = random.pick(plan.participants)
            let roots = Set((0...random.below(2)).map { _ in random.pick(plan.nodes) })
            let principal: Principal
            switch random.below(6) {
            case 0: principal = self.principal([.callsReadAll], name: "all")
            case 1, 2: principal = self.principal([.callsReadScope], scope: .subtrees(roots), name: "mgr")
            case 3: principal = self.principal([.callsReadScope, .callsReadOwn], scope: .subtrees(roots), participant: participant, name: "mgr+own")
            case 4: principal = self.principal([.callsReadOwn], scope: .everything, participant: participant, name: "emp")
            default: principal = self.principal([.orgRead], scope: .everything, participant: participant, name: "none")
            }
            let visible: Set<Int64>
            switch principal.scope {
            case let .subtrees(nodes) where principal.may(.callsReadScope): visible = below(nodes, plan)
            default: visible = principal.may(.callsReadAll) ? Set(plan.nodes) : []
            }
            let own = principal.may(.callsReadOwn) ? principal.participantID : nil
            let seesNothing = visible.isEmpty && own == nil
            func allowed(_ call: (id: Int64, start: Int64, classifiers: [String])) -> Bool {
                let who = owner(call, plan)
                return (own != nil && who == own) || visible.contains(node(of: who, at: call.start, plan))
            }
            let audit = RecordedAudit()
            let query = try CallQuery(path: path, principal: principal, audit: audit)
            for _ in 0..<6 where checked < Self.pairs {
                checked += 1
                let before = audit.events.count
                var request = CallRequest()
                let from = day("2025-01-01") + Int64(random.below(300)) * 86_400_000
                if random.chance(30) { request.filter.fromMs = from; request.filter.toMs = from + Int64(1 + random.below(90)) * 86_400_000 }
                var deniedRequest = seesNothing
                switch random.below(5) {
                case 0:
                    let node = random.pick(plan.nodes)
                    request.nodeID = node
                    if !visible.contains(node) { deniedRequest = true }
                case 1:
                    let person = random.pick(plan.participants)
                    request.participantID = person
                    let covered = person == own || (plan.placements[person] ?? []).contains { visible.contains($0.target) }
                    if !covered { deniedRequest = true }
                case 2:
                    // One call by id.
                    let call = random.pick(plan.calls)
                    let got = try query.call(id: call.id)
                    if allowed(call) {
                        XCTAssertEqual(got?.id, call.id)
                        XCTAssertEqual(audit.events.count, before)
                    } else {
                        XCTAssertNil(got, "call \(call.id) is outside the scope of \(principal.userName)")
                        XCTAssertEqual(audit.events.last?.outcome, .denied)
                        XCTAssertEqual(audit.events.last?.subject, "call:\(call.id)")
                        denials += 1
                    }
                    continue
                default: break
                }
                let nodes = request.nodeID.map { below([$0], plan) }
                let expected = deniedRequest ? [] : plan.calls.filter { call in
                    guard allowed(call) else { return false }
                    if let from = request.filter.fromMs, call.start < from { return false }
                    if let to = request.filter.toMs, call.start >= to { return false }
                    let who = owner(call, plan)
                    if let person = request.participantID, who != person { return false }
                    if let nodes, !nodes.contains(node(of: who, at: call.start, plan)) { return false }
                    return true
                }.map(\.id)
                var listed: [Int64] = []
                try query.calls(request) { listed.append($0.id) }
                XCTAssertEqual(listed, expected, "pair \(checked): \(principal.userName) \(request)")
                let output = ByteOutput(.memory)
                try query.writeCalls(request, format: .jsonl, to: output)
                let written = String(decoding: output.collected, as: UTF8.self).split(separator: "\n").map {
                    Int64($0.dropFirst(6).prefix(while: { $0 != "," })) ?? -1
                }
                XCTAssertEqual(written, expected, "pair \(checked): the fast path")
                if case .subtrees = principal.scope, !principal.may(.callsReadAll) {
                    for id in listed {
                        let call = try XCTUnwrap(plan.calls.first { $0.id == id })
                        XCTAssertTrue(allowed(call), "a row outside the scope")
                    }
                }
                if deniedRequest {
                    XCTAssertEqual(audit.events.count, before + 2, "both channels record the refusal")
                    XCTAssertEqual(audit.events.suffix(2).map(\.outcome), [.denied, .denied])
                    denials += 1
                } else {
                    XCTAssertFalse(audit.events.dropFirst(before).contains { $0.outcome == .denied })
                }
                rowsSeen += listed.count
            }
        }
        XCTAssertEqual(checked, Self.pairs)
        XCTAssertGreaterThan(denials, 100, "the generator produces refusals")
        XCTAssertGreaterThan(rowsSeen, 10_000, "and rows")
    }

    /// The store's view (`call_allocations`, used by reports) agrees with the oracle too.
    func testAllocatedCallsAgreeWithTheOracle() throws {
        var random = Random(state: 42)
        let plan = try buildPlan(&random)
        var nodes: [Int64: Int64] = [:]
        try CallQuery(path: path, principal: .databaseOwner, audit: RecordedAudit()).allocatedCalls(fromMs: nil, toMs: nil) {
            nodes[$0.callID] = $0.nodeID
        }
        XCTAssertEqual(nodes.count, plan.calls.count)
        for call in plan.calls {
            XCTAssertEqual(nodes[call.id], node(of: owner(call, plan), at: call.start, plan), "call \(call.id)")
        }
    }
}
