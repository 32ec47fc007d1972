import Access
import Org
import Privacy
import Query
import Store
import TollbookConfiguration
import TollbookCore

/// Why a data subject's report was not produced. Messages name participant ids and permissions,
/// never a person's name or number.
public enum SubjectReportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The reader is neither the subject nor holds `privacy.subject_report`.
    case notPermitted(reader: String)
    /// No participant with that id.
    case noSuchParticipant(Int64)

    /// A one-line message.
    public var description: String {
        switch self {
        case .notPermitted(let reader):
            return "\(reader) may produce only their own report (another person's needs privacy.subject_report, e.g. the dpo role)"
        case .noSuchParticipant(let id):
            return "there is no participant #\(id)"
        }
    }
}

/// The data subject's report under Art. 15 GDPR (privacy P13), as a ``ReportData`` in three
/// parts (EDPB): the confirmation, the data (the subject's own calls as stored, shown per the
/// subject's own privacy package, read through ``CallQuery`` as the subject; calls per category),
/// and the information on processing (purposes, recipients, retention per category, source PBX,
/// and the four-eyes unlocks concerning the subject with dates and purposes — not who asked).
///
/// Who may produce it: the subject (a user linked to the participant, with `calls.read_own`), a
/// holder of `privacy.subject_report` (the `dpo` role, superuser) and the database owner. Every
/// report is audited (`privacy.report`), a refused one too.
public struct SubjectReportBuilder {
    /// The store.
    public let path: String
    /// Who asks.
    public let reader: Principal
    /// Where the report (and the query's read) is recorded.
    public let audit: any AuditRecording
    /// The configuration (sites for the source PBX, retention), if any.
    public let configuration: ConfigurationFile?
    /// The time source (the report's date, which unlocks have expired).
    public let clock: MillisecondClock
    /// The store's key when it is encrypted.
    public let encryption: StoreKeyAccess

    /// The columns of the calls table (the CSV file's header), in order; `docs/privacy.md` explains each.
    public static let callColumns = [
        "call_id", "start", "end", "direction", "disposition", "category", "number", "extension", "ring_seconds",
        "talk_seconds", "cost", "currency", "source", "connector",
    ]

    /// Creates a builder.
    public init(path: String, reader: Principal, audit: any AuditRecording, configuration: ConfigurationFile?,
                clock: MillisecondClock = .system, encryption: StoreKeyAccess = .none) {
        self.path = path
        self.encryption = encryption
        self.reader = reader
        self.audit = audit
        self.configuration = configuration
        self.clock = clock
    }

    /// The report on participant `participantID`.
    /// - Throws: ``SubjectReportError`` (a refusal is audited), store and query errors.
    public func report(participant participantID: Int64) throws -> ReportData {
        let subject = "participant:\(participantID)"
        let isSelf = reader.kind != .databaseOwner && reader.participantID == participantID && reader.may(.callsReadOwn)
        guard isSelf || reader.kind == .databaseOwner || reader.may(.privacySubjectReport) else {
            try audit.record(AuditEvent(action: AuditAction.subjectReport, actor: reader.userName, subject: subject,
                                        outcome: .denied, detail: "not the subject and no privacy.subject_report"))
            throw SubjectReportError.notPermitted(reader: reader.userName)
        }
        let store = try CallStore(path: path, readOnly: true, encryption: encryption)
        guard let person = try OrgChart(store: store).participants().first(where: { $0.id == participantID }) else {
            throw SubjectReportError.noSuchParticipant(participantID)
        }
        let calls = try ownCalls(participantID)
        let unlocks = try store.unlocks(subjectParticipantID: participantID).map { Unlock($0, nowMs: clock.now()) }
        let customRoles = try store.customRoles().map { custom in
            Role(name: custom.name, permissions: Set(custom.permissions.compactMap(Permission.init(rawValue:))))
        }
        try audit.record(AuditEvent(action: AuditAction.subjectReport, actor: reader.userName, subject: subject,
                                    outcome: .success, detail: "calls=\(calls.count) unlocks=\(unlocks.count)"))
        return document(person: person, calls: calls, unlocks: unlocks, roles: Role.builtIn + customRoles)
    }

    /// The subject's calls read as the subject: own calls only, per the subject's own package.
    private func ownCalls(_ participantID: Int64) throws -> [(StoredCall, CallPrivacy)] {
        let asSubject = Principal(kind: .user, userName: reader.userName, userID: nil, permissions: [.callsReadOwn],
                                  scope: .subtrees([]), participantID: participantID)
        let query = try CallQuery(path: path, principal: asSubject, audit: audit,
                                  privacy: configuration?.privacy.policy ?? .standard, clock: clock, encryption: encryption)
        var calls: [(StoredCall, CallPrivacy)] = []
        try query.callsWithPrivacy(CallRequest(participantID: participantID)) { calls.append(($0, $1)) }
        return calls
    }

    private func document(person: Participant, calls shown: [(StoredCall, CallPrivacy)], unlocks: [Unlock],
                          roles: [Role]) -> ReportData {
        let calls = shown.map(\.0)
        let now = clock.now()
        let period = calls.isEmpty ? "no calls are stored"
            : "\(calls.count) call legs are stored, from \(UTCTimestamp.iso8601(milliseconds: calls.map(\.call.startMs).min() ?? 0))"
                + " to \(UTCTimestamp.iso8601(milliseconds: calls.map(\.call.startMs).max() ?? 0))"
        let confirmation = ReportData.Section(key: "confirmation", title: "1. Confirmation", paragraphs: [
            "Report under Art. 15 GDPR for \(person.fields.name) (participant #\(person.id)), produced \(AccessTime.iso(now)).",
            "Tollbook processes personal data about you: \(period).",
        ])
        var counts: [CallCategory: Int] = [:]
        for call in calls { counts[call.category, default: 0] += 1 }
        let data = ReportData.Section(
            key: "data", title: "2. Your data",
            paragraphs: ["Your calls as stored, shown per your own privacy package."],
            tables: [
                ReportData.Table(key: "calls", columns: Self.callColumns, rows: shown.map(Self.row)),
                ReportData.Table(key: "categories", columns: ["category", "calls"],
                                     rows: CallCategory.allCases.map { [$0.rawValue, String(counts[$0] ?? 0)] }),
            ])
        let processing = ReportData.Section(
            key: "processing", title: "3. Information on the processing",
            tables: [
                ReportData.Table(key: "purposes", columns: ["purpose"], rows: SubjectReportPolicy.purposes.map { [$0] }),
                ReportData.Table(key: "recipients", columns: ["role", "sees"], rows: SubjectReportPolicy.recipients(roles)),
                ReportData.Table(key: "retention", columns: ["category", "detail_retention"],
                                     rows: SubjectReportPolicy.retention(configuration).map { [$0.category.rawValue, $0.period] }),
                ReportData.Table(key: "sources", columns: ["source", "connector", "site"], rows: sources(calls)),
                ReportData.Table(key: "unlock_events",
                                     columns: ["requested", "decided", "status", "period_from", "period_to", "fields", "purpose"],
                                     rows: unlocks.map { unlock in
                                         [AccessTime.iso(unlock.createdMs), unlock.decidedMs.map(AccessTime.iso) ?? "",
                                          unlock.status.rawValue, AccessTime.iso(unlock.fromMs), AccessTime.iso(unlock.toMs),
                                          unlock.fields.map(\.rawValue).joined(separator: "|"), unlock.purpose]
                                     }),
            ])
        return ReportData(title: "Personal data report (Art. 15 GDPR)", sections: [confirmation, data, processing])
    }

    /// One call as a row of ``callColumns``, shown as `privacy` says: a hidden duration leaves the
    /// end and both durations empty, a hidden time of day leaves the start's date only.
    static func row(_ stored: StoredCall, _ privacy: CallPrivacy) -> [String] {
        let call = stored.call
        let start = UTCTimestamp.iso8601(milliseconds: call.startMs)
        let remoteE164 = call.pricing?.remoteE164 ?? ""
        let cost = call.pricing.flatMap { pricing in pricing.costMinor.map { MoneyFormat.decimal(minor: $0, currency: pricing.currency) } }
        return [
            String(stored.id), privacy.showsTime ? start : String(start.prefix(10)),
            privacy.showsDuration && privacy.showsTime ? UTCTimestamp.iso8601(milliseconds: call.endMs) : "",
            call.direction.rawValue, call.disposition.rawValue, stored.category.rawValue,
            stored.protectedClass.map { "protected: \($0)" } ?? (remoteE164.isEmpty ? call.parties.remote : remoteE164),
            call.parties.extension, privacy.showsDuration ? FieldValue.secondsText(call.ringMs) : "",
            privacy.showsDuration ? FieldValue.secondsText(call.talkMs) : "",
            cost ?? "", call.pricing?.currency ?? "", stored.source, stored.connector,
        ]
    }

    /// The PBX sources of the calls, with their site from the configuration.
    private func sources(_ calls: [StoredCall]) -> [[String]] {
        var seen: Set<String> = []
        var rows: [[String]] = []
        for call in calls where seen.insert(call.source + "\u{0}" + call.connector).inserted {
            let site = configuration?.sites.first { $0.sources.contains(call.source) }?.name ?? ""
            rows.append([call.source, call.connector, site])
        }
        return rows.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
