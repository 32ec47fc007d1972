import Foundation

/// A bounded hand-over queue between one producer thread and one consumer.
///
/// The producer blocks when `capacity` items wait; the consumer blocks when none does. Either side
/// can end the exchange: the producer with ``finish(throwing:)`` (the consumer then drains what is
/// left and sees the error), the consumer with ``cancel()`` (the producer's next ``put(_:)``
/// returns `false`).
///
/// `@unchecked Sendable`: every mutable property is read and written with `condition` locked; the
/// elements are `Sendable`. (A condition variable is needed for the waits, which `Mutex` lacks.)
final class BatchChannel<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private let capacity: Int
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Hands over an item; waits while the queue is full. Returns `false` if the consumer cancelled.
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Ends production, with the error that stopped it, if any.
    func finish(throwing error: (any Error)? = nil) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// Stops the producer: its next `put` returns `false`.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// The next item; `nil` once production has finished and everything was taken.
    /// - Throws: the producer's error, after the items produced before it.
    func take() throws -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if !items.isEmpty {
            let item = items.removeFirst()
            condition.broadcast()
            return item
        }
        if let failure { throw failure }
        return nil
    }

    /// Waits until the producer has finished (after a cancel).
    func waitUntilFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
