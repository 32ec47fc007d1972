import Foundation
import TollbookCore

/// Counts how the outgoing legs of an import were read, to catch a numbering plan that misreads
/// every number: when a large share falls into the site's own area or into one tariff zone, the
/// plan (typically `outside_line_prefixes`) is the likely cause. Shared by the pricing sessions
/// of one import; thread-safe.
///
/// `@unchecked Sendable`: its only mutable state, the counts, is read and written under `lock`.
public final class OutgoingPlausibility: @unchecked Sendable {
    /// Outgoing legs with an external remote number (any category but `internal`/`unknown`).
    public var outgoing: Int { locked { counts.outgoing } }
    /// Of those, read as numbers in the site's own area (`local`).
    public var ownArea: Int { locked { counts.ownArea } }
    /// Rated outgoing legs per `provider zone`.
    public var zones: [String: Int] { locked { counts.zones } }
    private var counts = (outgoing: 0, ownArea: 0, zones: [String: Int]())
    private let lock = NSLock()

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// The fewest outgoing legs an import needs before it is judged.
    public static let minimumCalls = 20
    /// Share (percent) of own-area numbers from which an import is suspicious.
    public static let ownAreaPercent = 80
    /// Share (percent) of one zone from which an import is suspicious.
    public static let oneZonePercent = 90

    /// An empty tally.
    public init() {}

    /// Adds what one batch counted.
    func add(outgoing: Int, ownArea: Int, zones: [String: Int]) {
        locked {
            counts.outgoing += outgoing
            counts.ownArea += ownArea
            counts.zones.merge(zones, uniquingKeysWith: +)
        }
    }

    /// Counts a batch's legs.
    func count(_ batch: CallBatch, outcomes: [Int32]) {
        var outgoing = 0
        var ownArea = 0
        var zones: [String: Int] = [:]
        for (row, index) in zip(batch.rows, outcomes) where row.direction == .outgoing && index >= 0 {
            let outcome = batch.outcomes[Int(index)]
            guard !outcome.remoteCategory.isEmpty, outcome.remoteCategory != "internal",
                  outcome.remoteCategory != "unknown" else { continue }
            outgoing += 1
            if outcome.remoteCategory == "local" { ownArea += 1 }
            if outcome.status == .rated { zones[outcome.provider + " " + outcome.zone, default: 0] += 1 }
        }
        if outgoing > 0 { add(outgoing: outgoing, ownArea: ownArea, zones: zones) }
    }

    /// The warning for the import, or `nil` when the calls look plausible. Names counts, the
    /// area code and zone ids, never a number.
    public func warning(site: String, areaCode: String, outsideLinePrefixes: [String]) -> String? {
        let (outgoing, ownArea, zones) = locked { counts }
        guard outgoing >= Self.minimumCalls else { return nil }
        var findings: [String] = []
        if ownArea * 100 >= Self.ownAreaPercent * outgoing {
            findings.append("\(ownArea) of \(outgoing) outgoing calls (\(ownArea * 100 / outgoing) %) read as numbers in the site's own area \(areaCode)")
        }
        if let top = zones.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), top.value * 100 >= Self.oneZonePercent * outgoing {
            findings.append("\(top.value) of \(outgoing) outgoing calls (\(top.value * 100 / outgoing) %) fell into zone \(top.key)")
        }
        guard !findings.isEmpty else { return nil }
        let prefixes = outsideLinePrefixes.map { "\"\($0)\"" }.joined(separator: ", ")
        let cause = outsideLinePrefixes.isEmpty
            ? "numbering.outside_line_prefixes is [] but the PBX records an access code before dialled numbers "
              + "(then state it, e.g. [\"0\"])"
            : "numbering.outside_line_prefixes is [\(prefixes)] but the PBX records dialled numbers without an access code "
              + "(then set it to []), so mobile, service and international numbers are read as numbers in the site's own area"
        return "warning: site \(site): " + findings.joined(separator: "; ") + ". Likely cause: " + cause
            + ". Check how a number is read with `tollbook sites explain-number --site \(site) NUMBER`."
    }
}
