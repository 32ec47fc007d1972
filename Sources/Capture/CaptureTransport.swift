/// A way bytes reach a connector instance: it receives them, appends them to the instance's
/// ``CaptureJournal`` and acknowledges them only once they are durable there.
public protocol CaptureTransport: AnyObject, Sendable {
    /// Where it listens or what it watches, once started (e.g. `127.0.0.1:2222`).
    var endpoint: String { get }
    /// The last problem of a transport round (a failed poll, an unreadable file), if any.
    var lastError: String? { get }
    /// Starts receiving.
    /// - Throws: ``CaptureError/transportFailed(instance:transport:reason:)``.
    func start() throws
    /// Stops receiving and waits until nothing is in flight.
    func stop()
}
