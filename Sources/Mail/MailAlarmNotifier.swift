import Alarms
import Foundation
import Store
import TollbookConfiguration

/// Mails alarm notifications to each site's `alarms.mail` recipients over the `mail:` section's
/// SMTP server (STARTTLS and AUTH as for scheduled reports): the subject names rule, severity and
/// site, the body the alarm's message (which never holds a phone number or a name), the entity
/// (an extension or trunk key), the time and how to acknowledge it, then the alarm as JSON. A
/// server that is down or refuses throws, and ``AlarmDelivery`` retries with the site's back-off.
public final class MailAlarmNotifier: AlarmNotifier {
    private let settings: [String: AlarmMailSettings]
    private let mail: MailConfiguration?

    /// A notifier for the sites of `configuration` that have `alarms.mail` (nothing without a `mail:` section).
    public init(configuration: ConfigurationFile) {
        var settings: [String: AlarmMailSettings] = [:]
        for site in configuration.sites { if let mail = site.alarms.mail { settings[site.name] = mail } }
        self.settings = settings
        mail = configuration.mail
    }

    /// `mail`.
    public var channel: String { "mail" }

    /// Whether `site` has recipients and there is an SMTP server.
    public func covers(site: String) -> Bool { mail != nil && settings[site] != nil }

    /// The site's `max_attempts`, `retry_initial_seconds` and `retry_max_seconds`.
    public func retryPolicy(site: String) -> AlarmRetryPolicy {
        let mail = settings[site]
        return AlarmRetryPolicy(maxAttempts: mail?.maxAttempts ?? 5, initialSeconds: mail?.retryInitialSeconds ?? 60,
                                maxSeconds: mail?.retryMaxSeconds ?? 3600)
    }

    /// The message for one alarm notification (`delivery.body` is the alarm as JSON).
    public func message(for delivery: AlarmDeliveryRecord, nowMs: Int64) throws -> MailMessage {
        guard let mail, let site = settings[delivery.site] else { throw MailError.notConfigured }
        let alarm = (try? JSONSerialization.jsonObject(with: Data(delivery.body.utf8))) as? [String: Any] ?? [:]
        func field(_ name: String) -> String { (alarm[name] as? String) ?? "?" }
        let id = (alarm["id"] as? NSNumber)?.int64Value ?? delivery.alarmID
        let text = """
            Tollbook raised an alarm.

            Rule:     \(field("rule"))
            Severity: \(field("severity"))
            Site:     \(field("site"))
            Entity:   \(field("entity_kind")) \(field("entity"))
            At:       \(field("at"))

            \(field("message"))

            Acknowledge it with: tollbook alarms ack \(id) --comment "…"

            The alarm as JSON:
            \(delivery.body)

            """
        return MailMessage(from: mail.from, to: site.recipients,
                           subject: "Tollbook alarm: \(field("rule")) (\(field("severity"))), site \(field("site"))",
                           date: Date(timeIntervalSince1970: Double(nowMs) / 1000), text: text)
    }

    /// Sends the notification; throws ``MailError`` unless the server accepted it.
    public func deliver(_ delivery: AlarmDeliveryRecord, nowMs: Int64) throws {
        guard let mail, let site = settings[delivery.site] else { throw MailError.notConfigured }
        let password = try mail.passwordFile.map { try SecretFile.read($0) }
        let smtp = SMTPClient(settings: SMTPSettings(host: mail.host, port: mail.port, user: mail.user, password: password,
                                                     caFile: mail.caFile, timeoutSeconds: mail.timeoutSeconds))
        try smtp.send(from: mail.from, to: site.recipients, message: try message(for: delivery, nowMs: nowMs).rendered())
    }
}
