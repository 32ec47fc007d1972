import Access
import Foundation
import Org
import Privacy
import Query
import Store
import TollbookConfiguration
import TollbookCore

/// One recipient of one mailing: the address and the user it maps to (`nil`: no user).
public struct MailDelivery: Sendable, Equatable {
    /// Where the mail goes (never logged nor audited).
    public var address: String
    /// The user the address maps to, if any.
    public var user: String?

    /// Creates a delivery.
    public init(address: String, user: String?) {
        self.address = address
        self.user = user
    }
}

/// How one delivery ended.
public enum MailOutcome: Sendable, Equatable {
    /// Sent.
    case sent
    /// Not sent on purpose: the recipient maps to no user, or the user's scope does not cover the report.
    case refused(reason: String)
    /// Sending failed; `transient` failures are tried again (back-off) by the scheduler.
    case failed(reason: String, transient: Bool)
}

/// The audit action of a mailed report (one row per recipient and attempt).
public enum MailAudit {
    /// `report.mail`.
    public static let action = "report.mail"
}

/// Sends scheduled reports: resolves recipients to users, refuses any recipient whose scope does
/// not cover the report, renders the report as that recipient through the query layer, sends it
/// over SMTP and audits every attempt (`report.mail`: the recipient's user name as the audit
/// subject — pseudonymised by the log — and its user id in the detail; never the address).
public final class ReportMailer: Sendable {
    /// The configuration (its `mail:` and `reports:` sections, privacy policy).
    public let configuration: ConfigurationFile
    /// The checked schedules.
    public let reports: [ScheduledReport]
    private let storePath: String
    private let encryption: StoreKeyAccess
    private let renderer: any ReportRendering
    private let mail: MailConfiguration
    private let smtp: SMTPClient

    /// A mailer for the store at `storePath`.
    /// - Throws: ``MailError/notConfigured`` without a `mail:` section, ``MailError/secretFile(path:reason:)``
    ///   for the password file, ``ConfigurationError`` for a bad `reports:` entry.
    public init(configuration: ConfigurationFile, storePath: String, encryption: StoreKeyAccess,
                renderer: any ReportRendering) throws {
        guard let mail = configuration.mail else { throw MailError.notConfigured }
        self.configuration = configuration
        self.mail = mail
        self.storePath = storePath
        self.encryption = encryption
        self.renderer = renderer
        reports = try ScheduledReport.plan(configuration, renderer: renderer)
        let password = try mail.passwordFile.map { try SecretFile.read($0) }
        smtp = SMTPClient(settings: SMTPSettings(host: mail.host, port: mail.port, user: mail.user, password: password,
                                                 caFile: mail.caFile, timeoutSeconds: mail.timeoutSeconds))
    }

    /// The scheduled report `name`.
    /// - Throws: ``MailError/unknownReport(_:)``.
    public func report(named name: String) throws -> ScheduledReport {
        guard let report = reports.first(where: { $0.name == name }) else { throw MailError.unknownReport(name) }
        return report
    }

    private func openAccess() throws -> AccessControl {
        try AccessControl.open(databasePath: storePath, configuration: configuration)
    }

    /// The recipients of `report` (or only `address`): each address with the user it maps to.
    /// `manager:<path>` stands for every enabled user holding `reports.run` whose scope lists that
    /// node and who is linked to a participant with an e-mail address.
    /// - Throws: ``MailError/recipients(report:reason:)`` for a `manager:` path without a node.
    public func deliveries(for report: ScheduledReport, only address: String? = nil) throws -> [MailDelivery] {
        let access = try openAccess()
        let users = try access.users().filter { !$0.disabled }
        var emailOf: [Int64: String] = [:]
        for participant in try access.store.orgParticipants() where participant.endedMs == nil && !participant.columns.email.isEmpty {
            emailOf[participant.id] = participant.columns.email
        }
        func mapped(_ address: String) -> MailDelivery {
            let matches = users.filter { user in user.participantID.flatMap { emailOf[$0] }.map { $0.lowercased() == address.lowercased() } ?? false }
            return MailDelivery(address: address, user: matches.count == 1 ? matches[0].name : nil)
        }
        if let address { return [mapped(address)] }
        var result: [MailDelivery] = []
        for recipient in report.settings.recipients {
            if recipient.hasPrefix("manager:") {
                let path = String(recipient.dropFirst("manager:".count))
                guard let nodeID = try? access.scopeNodeIDs(paths: [path]).first else {
                    throw MailError.recipients(report: report.name, reason: "manager:\(path): no org node has that path")
                }
                for user in users where user.scopeNodeIDs.contains(nodeID) {
                    guard let email = user.participantID.flatMap({ emailOf[$0] }),
                          let principal = try? access.principal(forUser: user.name), principal.may(.reportsRun) else { continue }
                    result.append(MailDelivery(address: email, user: user.name))
                }
            } else {
                result.append(mapped(recipient))
            }
        }
        var seen = Set<String>()
        return result.filter { seen.insert($0.address.lowercased()).inserted }
    }

    /// Sends `report` as scheduled at `instant` (its period is read on that instant's day) to
    /// `delivery`, and audits the attempt.
    /// - Parameters:
    ///   - actor: who sends (`tollbook serve`, or the CLI's user).
    ///   - trigger: `schedule` or `manual`, for the audit detail.
    ///   - attempt: 1 for the first try.
    public func send(_ report: ScheduledReport, at instant: Date, to delivery: MailDelivery, actor: String, trigger: String,
                     attempt: Int) -> MailOutcome {
        let settings = report.settings
        var detail = "report=\(settings.name) format=\(settings.format) trigger=\(trigger) attempt=\(attempt)"
        let access: AccessControl
        do {
            access = try openAccess()
        } catch {
            return .failed(reason: "the store cannot be opened: \(error)", transient: true)
        }
        let outcome: MailOutcome
        do {
            let principal: Principal
            if let user = delivery.user {
                principal = try access.principal(forUser: user)
                detail += " recipient_user_id=\(principal.userID.map(String.init) ?? "-")"
            } else if settings.allowUnmappedRecipients {
                principal = .databaseOwner
                detail += " recipient=unmapped(allowed)"
            } else {
                detail += " recipient=unmapped"
                throw Refusal("the address maps to no user (allow_unmapped_recipients is false)")
            }
            if let reason = try scopeProblem(principal, report: settings, chart: OrgChart(store: access.store)) {
                throw Refusal(reason)
            }
            let today = CalendarDay(daysSinceEpoch: report.day(of: instant))
            guard let period = ReportPeriod.named(settings.filters["period"] ?? "last_month", today: today) else {
                throw MailError.rendering(report: settings.name, reason: "unknown period")
            }
            var filters = settings.filters
            filters["period"] = nil
            let request = ReportRequest(scheduleName: settings.name, report: settings.report, filters: filters, period: period,
                                        format: settings.format, language: settings.language, timeZone: report.timeZone)
            let query = try CallQuery(path: storePath, principal: principal, audit: access.audit,
                                      privacy: configuration.privacy.policy, encryption: encryption)
            let rendered = try renderer.render(request, query: query, audit: access.audit)
            let message = MailText.message(for: rendered, request: request, from: mail.from, to: delivery.address, date: Date())
            try smtp.send(from: mail.from, to: [delivery.address], message: try message.rendered())
            outcome = .sent
        } catch let refusal as Refusal {
            outcome = .refused(reason: refusal.reason)
        } catch let error as MailError {
            outcome = .failed(reason: "\(error)", transient: error.isTransient)
        } catch {
            outcome = .failed(reason: "\(error)", transient: false)
        }
        let event: AuditEvent
        switch outcome {
        case .sent:
            event = AuditEvent(action: MailAudit.action, actor: actor, subject: delivery.user, outcome: .success, detail: detail)
        case .refused(let reason):
            event = AuditEvent(action: MailAudit.action, actor: actor, subject: delivery.user, outcome: .denied,
                               detail: detail + " reason=\(reason)")
        case .failed(let reason, _):
            event = AuditEvent(action: MailAudit.action, actor: actor, subject: delivery.user, outcome: .failure,
                               detail: detail + " reason=\(reason)")
        }
        do {
            try access.audit.record(event)
        } catch {
            // A send that cannot be audited is reported as failed (it may have left already: say so).
            return .failed(reason: "the audit log cannot be written: \(error)", transient: false)
        }
        return outcome
    }

    /// Why `principal` may not receive `report`, or `nil`: it needs `reports.run`, and its scope must
    /// cover the report's `node` filter (the node or an ancestor in its scope); a report without a
    /// node filter, or with a `site` filter, covers everything and needs an unlimited scope.
    func scopeProblem(_ principal: Principal, report: ScheduledReportConfiguration, chart: OrgChart) throws -> String? {
        guard principal.may(.reportsRun) else { return "the recipient's user may not run reports (needs reports.run)" }
        guard case .subtrees(let roots) = principal.scope else { return nil }
        guard let nodeFilter = report.filters["node"], report.filters["site"] == nil else {
            return "the report covers every org unit; the recipient's scope is limited"
        }
        guard let node = try chart.node(at: try OrgPath(parsing: nodeFilter)) else {
            return "the report's node filter names no org node"
        }
        let parents = Dictionary(try chart.nodes(includingRemoved: true).map { ($0.id, $0.parentID) }, uniquingKeysWith: { a, _ in a })
        var current: Int64? = node.id
        while let id = current {
            if roots.contains(id) { return nil }
            current = parents[id] ?? nil
        }
        return "the recipient's scope does not cover the report's node filter"
    }

    /// Sends `report` now (as if scheduled at `instant`) to its recipients, or only to `address`;
    /// one outcome per recipient, every one audited.
    public func run(_ name: String, to address: String? = nil, at instant: Date = Date(), actor: String) throws
        -> [(MailDelivery, MailOutcome)] {
        let report = try report(named: name)
        return try deliveries(for: report, only: address).map { delivery in
            (delivery, send(report, at: instant, to: delivery, actor: actor, trigger: "manual", attempt: 1))
        }
    }

    // MARK: The outbox (docs/mail.md, "Retries")

    /// The store holding the outbox of scheduled sends (`mail_outbox`).
    func outbox() throws -> CallStore {
        try CallStore(path: storePath, encryption: encryption)
    }

    /// Queues one send per delivery of `report`'s run at `instant`, due at `nowMs`. The rows hold the
    /// schedule's name, the run time and the recipient, never the rendered report: every attempt
    /// renders it again. A run already queued for a recipient is not queued twice.
    public func enqueue(_ report: ScheduledReport, at instant: Date, to deliveries: [MailDelivery], nowMs: Int64) throws {
        let store = try outbox()
        let runMs = Int64((instant.timeIntervalSince1970 * 1000).rounded(.down))
        for delivery in deliveries {
            try store.enqueueMailSend(schedule: report.settings.name, runMs: runMs, recipient: delivery.address,
                                      user: delivery.user, nowMs: nowMs)
        }
    }

    /// Records that a send was given up after `attempts` tries (`report.mail`, outcome failure,
    /// `gave_up=true`; the recipient's user as the pseudonymised subject, never the address).
    func auditGivingUp(schedule: String, user: String?, attempts: Int, actor: String) {
        guard let access = try? openAccess() else { return }
        try? access.audit.record(AuditEvent(action: MailAudit.action, actor: actor, subject: user, outcome: .failure,
                                            detail: "report=\(schedule) trigger=schedule attempts=\(attempts) gave_up=true"))
    }

    /// The retry policy of the `mail:` section.
    public var retry: MailRetryPolicy {
        MailRetryPolicy(attempts: mail.retryAttempts, initialSeconds: mail.retryInitialSeconds, maxSeconds: mail.retryMaxSeconds)
    }
}

/// A deliberate refusal (scope, unmapped address).
private struct Refusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// How failed sends are tried again: `attempts` tries in all, waiting `initialSeconds`, then twice
/// as long each time, at most `maxSeconds`.
public struct MailRetryPolicy: Sendable, Equatable {
    /// Tries in all.
    public var attempts: Int
    /// First wait.
    public var initialSeconds: Int
    /// Longest wait.
    public var maxSeconds: Int

    /// Creates a policy.
    public init(attempts: Int, initialSeconds: Int, maxSeconds: Int) {
        self.attempts = attempts
        self.initialSeconds = initialSeconds
        self.maxSeconds = maxSeconds
    }

    /// The wait after failed try number `attempt` (1-based): initial × 2^(attempt−1), capped.
    public func delay(afterAttempt attempt: Int) -> Int {
        var delay = initialSeconds
        for _ in 1..<max(1, attempt) where delay < maxSeconds { delay *= 2 }
        return min(delay, maxSeconds)
    }
}
