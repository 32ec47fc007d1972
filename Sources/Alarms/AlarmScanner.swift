import Access
import Foundation
import Query
import Store
import TollbookConfiguration
import TollbookCore

/// What one evaluation found.
public struct AlarmScanResult: Sendable, Equatable {
    /// Alarms the rules raised, known ones included.
    public var found: Int
    /// The alarms that were new (stored now, with their ids), in the order raised.
    public var raised: [AlarmRecord]

    /// Creates a result.
    public init(found: Int, raised: [AlarmRecord]) {
        self.found = found
        self.raised = raised
    }
}

/// Evaluates the rules on stored calls — `tollbook alarms scan` and the alarm worker of `serve`.
/// Calls are read through the query layer (as the database owner, under the configuration's privacy
/// policy); new alarms are stored (deduplicated by their key) and queued, in the same transaction,
/// for every notifier that covers their site.
public final class AlarmScanner {
    private let storePath: String
    private let configuration: ConfigurationFile
    private let audit: any AuditRecording
    private let encryption: StoreKeyAccess
    private let notifiers: [any AlarmNotifier]

    /// A scanner of the store at `storePath` with the sites of `configuration`.
    /// - Parameters:
    ///   - audit: where the query layer records what it audits (the database owner's reads record nothing).
    ///   - encryption: the store's key access (an encrypted store needs `.key`).
    ///   - notifiers: the channels a new alarm is queued for (each only for the sites it covers).
    public init(storePath: String, configuration: ConfigurationFile, audit: any AuditRecording,
                encryption: StoreKeyAccess = .none, notifiers: [any AlarmNotifier] = []) {
        self.storePath = storePath
        self.configuration = configuration
        self.audit = audit
        self.encryption = encryption
        self.notifiers = notifiers
    }

    /// Evaluates the calls starting in `[fromMs, toMs)` (and reads what the windowed rules need before
    /// it), stores the new alarms and queues their notifications; `nowMs` stamps them.
    /// - Throws: ``AlarmError/emptyWindow``, store and query errors.
    public func scan(fromMs: Int64, toMs: Int64, nowMs: Int64) throws -> AlarmScanResult {
        guard fromMs < toMs else { throw AlarmError.emptyWindow }
        let evaluators = try configuration.sites.filter(\.alarms.enabled).map { site -> AlarmEvaluator in
            guard let zone = TimeZone(identifier: site.timeZone) else {
                throw ConfigurationError(file: configuration.path, line: site.line, key: "time_zone", message: "unknown time zone")
            }
            return AlarmEvaluator(site: site.name, settings: site.alarms, timeZone: zone)
        }
        guard !evaluators.isEmpty else { return AlarmScanResult(found: 0, raised: []) }
        let readFrom = fromMs - (evaluators.map(\.lookbackMs).max() ?? 0)
        let query = try CallQuery(path: storePath, principal: .databaseOwner, audit: audit, privacy: configuration.privacy.policy,
                                  encryption: encryption)
        var bySite: [String: [AlarmCall]] = [:]
        try query.calls(CallRequest(filter: CallFilter(fromMs: readFrom, toMs: toMs))) { stored in
            guard let site = configuration.site(forSource: stored.source) else { return }
            bySite[site.name, default: []].append(AlarmCall(stored: stored, site: site.name))
        }
        let assignments = try ExtensionAssignments(chart: query.chart)
        var found: [AlarmRecord] = []
        for evaluator in evaluators {
            let calls = bySite[evaluator.site] ?? []
            found += evaluator.evaluate(calls, fromMs: fromMs, toMs: toMs, raisedMs: nowMs, assignments: assignments)
        }
        guard !found.isEmpty else { return AlarmScanResult(found: 0, raised: []) }
        let store = try CallStore(path: storePath, encryption: encryption)
        let raised = try store.write { _ in
            var raised: [AlarmRecord] = []
            for var alarm in found {
                guard let id = try store.insertAlarm(alarm) else { continue }
                alarm.id = id
                raised.append(alarm)
                for notifier in notifiers where notifier.covers(site: alarm.site) {
                    try store.enqueueAlarmDelivery(alarmID: id, channel: notifier.channel, site: alarm.site,
                                                   body: AlarmJSON.object(alarm, event: "alarm.raised"), nowMs: nowMs)
                }
            }
            return raised
        }
        return AlarmScanResult(found: found.count, raised: raised)
    }
}

extension AlarmScanner {
    /// The sites whose alarm rules `tollbook import` and `journal replay` evaluate: those with an
    /// `alarms:` section (enabled); `nil` when there is none. The other sites' rules are switched
    /// off in the returned configuration (they are left to `serve` and `alarms scan`).
    public static func importConfiguration(_ configuration: ConfigurationFile?) -> ConfigurationFile? {
        guard var scoped = configuration, scoped.sites.contains(where: { $0.alarms.line > 0 && $0.alarms.enabled }) else {
            return nil
        }
        for index in scoped.sites.indices where scoped.sites[index].alarms.line == 0 { scoped.sites[index].alarms.enabled = false }
        return scoped
    }

    /// Evaluates the calls an import or a replay stored — those with ids above `callID` — over the
    /// window of their start times (``CallStore/startWindow(ofCallsAfter:)``), storing new alarms
    /// and queueing their notifications as ``scan(fromMs:toMs:nowMs:)`` does. Nothing stored: no
    /// alarm.
    public func scanStored(afterCallID callID: Int64, nowMs: Int64) throws -> AlarmScanResult {
        guard let window = try CallStore(path: storePath, encryption: encryption).startWindow(ofCallsAfter: callID) else {
            return AlarmScanResult(found: 0, raised: [])
        }
        return try scan(fromMs: window.fromMs, toMs: window.toMs, nowMs: nowMs)
    }
}
