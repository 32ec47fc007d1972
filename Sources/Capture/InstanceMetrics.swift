import Prometheus

/// The Prometheus metrics of one connector instance (label `instance`). Counters are created once
/// per instance name and live as long as the registry, so a restarted instance keeps counting.
public final class InstanceMetrics: Sendable {
    /// Bytes received by the transport (and made durable in the journal).
    public let bytesReceived: Counter
    /// Journal streams received (files, connections, HTTP bodies).
    public let streamsReceived: Counter
    /// Call records stored.
    public let recordsStored: Counter
    /// Call records already in the store (re-delivered input).
    public let duplicates: Counter
    /// Quarantined spans.
    public let rejects: Counter
    /// Plugin worker restarts after a crash, hang or memory overrun.
    public let workerRestarts: Counter
    /// Journal entries received but not yet ingested.
    public let journalLag: Gauge
    /// Streams whose parser failed (a plugin error status, a contract violation, a crash that
    /// could not be isolated): the rest of each is quarantined.
    public let pluginErrors: Counter
    /// Times an in-process plugin crashed the service.
    public let pluginCrashes: Counter

    /// Creates (or finds) the metrics of `instance` in `registry`.
    public init(instance: String, registry: PrometheusCollectorRegistry) {
        let labels = [("instance", instance)]
        bytesReceived = registry.makeCounter(name: "tollbook_received_bytes_total", labels: labels,
                                             help: "Bytes received from the PBX and made durable in the journal.")
        streamsReceived = registry.makeCounter(name: "tollbook_received_streams_total", labels: labels,
                                               help: "Files, connections and HTTP bodies received.")
        recordsStored = registry.makeCounter(name: "tollbook_records_total", labels: labels,
                                             help: "Call records stored.")
        duplicates = registry.makeCounter(name: "tollbook_duplicate_records_total", labels: labels,
                                          help: "Records received again and not stored twice.")
        rejects = registry.makeCounter(name: "tollbook_rejects_total", labels: labels,
                                       help: "Input spans quarantined as rejects.")
        workerRestarts = registry.makeCounter(name: "tollbook_worker_restarts_total", labels: labels,
                                              help: "Plugin worker processes restarted after a crash, hang or memory overrun.")
        pluginErrors = registry.makeCounter(name: "tollbook_plugin_errors_total", labels: labels,
                                            help: "Streams whose plugin failed; the rest of each was quarantined.")
        pluginCrashes = registry.makeCounter(name: "tollbook_in_process_crashes_total", labels: labels,
                                             help: "Times an in-process plugin crashed the service.")
        journalLag = registry.makeGauge(name: "tollbook_journal_lag_entries", labels: labels,
                                        help: "Journal entries received but not yet ingested.")
    }
}
