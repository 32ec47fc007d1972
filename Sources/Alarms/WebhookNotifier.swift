import CCurl
import Foundation
import Store
import TollbookConfiguration

/// Posts alarm notifications to each site's `alarms.webhook` URL (libcurl): the outbox row's JSON
/// body, signed per ``WebhookSignature``, with the attempt's timeout. A status other than 2xx, a
/// refused connection or a timeout throws, and ``AlarmDelivery`` retries later.
public final class WebhookNotifier: AlarmNotifier {
    private let settings: [String: AlarmWebhookSettings]

    /// A notifier for the sites of `configuration` that have a webhook.
    public init(configuration: ConfigurationFile) {
        var settings: [String: AlarmWebhookSettings] = [:]
        for site in configuration.sites { if let webhook = site.alarms.webhook { settings[site.name] = webhook } }
        self.settings = settings
    }

    /// `webhook`.
    public var channel: String { "webhook" }

    /// Whether `site` has a webhook.
    public func covers(site: String) -> Bool { settings[site] != nil }

    /// The site's `max_attempts`, `retry_initial_seconds` and `retry_max_seconds`.
    public func retryPolicy(site: String) -> AlarmRetryPolicy {
        let webhook = settings[site]
        return AlarmRetryPolicy(maxAttempts: webhook?.maxAttempts ?? 12, initialSeconds: webhook?.retryInitialSeconds ?? 30,
                                maxSeconds: webhook?.retryMaxSeconds ?? 3600)
    }

    /// POSTs the notification; throws ``AlarmError`` unless the receiver answers 2xx in time.
    public func deliver(_ delivery: AlarmDeliveryRecord, nowMs: Int64) throws {
        guard let webhook = settings[delivery.site] else { throw AlarmError.noWebhook(site: delivery.site) }
        let secret = try WebhookSignature.readSecret(path: webhook.secretFile)
        let timestamp = nowMs / 1000
        let signature = WebhookSignature.sign(body: delivery.body, timestamp: timestamp, secret: secret)
        try post(url: webhook.url, body: delivery.body, timeoutSeconds: webhook.timeoutSeconds, headers: [
            "Content-Type: application/json",
            "User-Agent: tollbook-alarms",
            "X-Tollbook-Delivery: \(delivery.id)",
            "X-Tollbook-Timestamp: \(timestamp)",
            "X-Tollbook-Signature: \(signature)",
        ])
    }

    private func post(url: String, body: String, timeoutSeconds: Int, headers: [String]) throws {
        guard let curl = curl_easy_init() else { throw AlarmError.webhookFailed(url: url, reason: "libcurl could not start") }
        defer { curl_easy_cleanup(curl) }
        var list: UnsafeMutablePointer<curl_slist>?
        for header in headers { list = curl_slist_append(list, header) }
        defer { curl_slist_free_all(list) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        _ = tollbook_curl_set_pointer(curl, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        _ = tollbook_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = tollbook_curl_set_string(curl, CURLOPT_URL, url)
        _ = tollbook_curl_set_long(curl, CURLOPT_POSTFIELDSIZE, Int(body.utf8.count))
        _ = tollbook_curl_set_string(curl, CURLOPT_COPYPOSTFIELDS, body)
        _ = tollbook_curl_set_pointer(curl, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))
        _ = tollbook_curl_set_long(curl, CURLOPT_TIMEOUT, timeoutSeconds)
        _ = tollbook_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, timeoutSeconds)
        _ = tollbook_curl_set_long(curl, CURLOPT_FOLLOWLOCATION, 0)
        // The receiver's answer is not needed: only its status counts.
        _ = tollbook_curl_set_write_function(curl, { _, size, count, _ in size * count })
        let code = curl_easy_perform(curl)
        guard code == CURLE_OK else {
            var reason = String(cString: curl_easy_strerror(code))
            let detail = String(cString: errorBuffer)
            if !detail.isEmpty, detail != reason { reason += ": " + detail }
            throw AlarmError.webhookFailed(url: url, reason: reason)
        }
        var status = 0
        _ = tollbook_curl_get_long(curl, CURLINFO_RESPONSE_CODE, &status)
        guard (200..<300).contains(status) else {
            throw AlarmError.webhookFailed(url: url, reason: "the receiver answered HTTP \(status)")
        }
    }
}
