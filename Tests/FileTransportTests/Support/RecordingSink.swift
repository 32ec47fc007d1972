import FileTransports
import Foundation

/// A sink that keeps a copy of every delivered file, or refuses files while `refuse` is set.
final class RecordingSink: FileDeliverySink, @unchecked Sendable {
    /// What was delivered: the description and the exact bytes read while `deliver` ran.
    struct Received: Equatable {
        var file: DeliveredFile
        var contents: Data
    }

    /// The refusal thrown while `refuse` is set.
    struct Refused: Error {}

    private let lock = NSLock()
    private var _received: [Received] = []
    private var _refuse = false
    private var _attempts = 0
    private var _observer: (@Sendable (DeliveredFile) -> Void)?

    /// Called inside `deliver` before the file is accepted or refused (to look at the world at that moment).
    var observer: (@Sendable (DeliveredFile) -> Void)? {
        get { lock.withLock { _observer } }
        set { lock.withLock { _observer = newValue } }
    }

    /// Whether deliveries are refused (thrown at).
    var refuse: Bool {
        get { lock.withLock { _refuse } }
        set { lock.withLock { _refuse = newValue } }
    }

    /// Every accepted delivery, in order.
    var received: [Received] { lock.withLock { _received } }

    /// How often `deliver` was called (accepted or refused).
    var attempts: Int { lock.withLock { _attempts } }

    /// The names of the accepted files, in order.
    var names: [String] { received.map(\.file.name) }

    func deliver(_ file: DeliveredFile) throws {
        lock.lock()
        defer { lock.unlock() }
        _attempts += 1
        _observer?(file)
        if _refuse { throw Refused() }
        let contents = try Data(contentsOf: URL(fileURLWithPath: file.path))
        _received.append(Received(file: file, contents: contents))
    }
}

/// Collects log lines (checked for leaked secrets).
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [String] = []

    /// The lines logged so far.
    var lines: [String] { lock.withLock { _lines } }

    /// The closure to hand to a transport.
    var sink: @Sendable (String) -> Void { { line in self.lock.withLock { self._lines.append(line) } } }
}
