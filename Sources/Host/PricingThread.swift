import Foundation
import Pricing
import TollbookCore

/// Prices the calls of parsed chunks on a thread of its own, between the parsing thread and the
/// storing thread. Three stages on their own threads let the machine's cores share the work
/// whichever stage is the slowest, instead of the parsing thread carrying pricing alone.
final class PricingThread: @unchecked Sendable {
    private let input: BatchChannel<ParsedChunk>
    private let output: BatchChannel<ParsedChunk>
    /// Used on this thread only.
    private let session: PricingSession

    /// A thread that takes chunks from `input`, prices them with `pricer` and hands them to `output`.
    init(pricer: CallPricer, input: BatchChannel<ParsedChunk>, output: BatchChannel<ParsedChunk>) {
        self.input = input
        self.output = output
        session = PricingSession(pricer: pricer)
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "tollbook-price"
        thread.start()
    }

    private func run() {
        do {
            while var chunk = try input.take() {
                if !chunk.calls.isEmpty { session.price(&chunk.calls) }
                guard output.put(chunk) else {
                    // The storing side gave up: stop the parser, then say we are done.
                    input.cancel()
                    input.waitUntilFinished()
                    output.finish()
                    return
                }
            }
            output.finish()
        } catch {
            output.finish(throwing: error)
        }
    }
}
