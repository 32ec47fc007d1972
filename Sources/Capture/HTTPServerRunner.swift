import TollbookConfiguration
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Runs a Hummingbird application in a task of its own, for code that is not async: ``start()``
/// returns once the port is bound (or binding failed), ``stop()`` once the server has ended.
///
/// `@unchecked Sendable`: the bound port and failure are used under `lock`; `task` is set by `start()`
/// and read by `stop()`, which its owner calls in that order from one thread.
final class HTTPServerRunner: @unchecked Sendable {
    private let router: Router<BasicRequestContext>
    private let server: HTTPServerBuilder
    private let address: ListenAddress
    private let group: EventLoopGroup
    private let logger: Logger
    private var task: Task<Void, Never>?
    private let lock = NSLock()
    private var bound: Int?
    private var failure: String?
    private let ready = DispatchSemaphore(value: 0)
    private let ended = DispatchSemaphore(value: 0)

    /// - Parameter server: HTTP/1.1, or HTTP/1.1 over TLS.
    init(router: Router<BasicRequestContext>, server: HTTPServerBuilder = .http1(), address: ListenAddress, group: EventLoopGroup,
         logger: Logger) {
        self.router = router
        self.server = server
        self.address = address
        self.group = group
        self.logger = logger
    }

    /// The bound address, once started.
    var endpoint: String {
        lock.withLock { bound.map { ListenAddress(host: address.host, port: $0).description } ?? address.description }
    }

    /// The bound port, once started.
    var port: Int? { lock.withLock { bound } }

    /// Binds and starts serving.
    /// - Throws: the reason when the port cannot be bound.
    func start() throws {
        var quiet = logger
        // Cancelling the server at stop makes Hummingbird log errors that are none; its real
        // problems surface as failed binds (thrown) and in our own handlers.
        quiet.logLevel = .critical
        let app = Application(
            router: router,
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(address.host, port: address.port), serverName: "tollbook"),
            onServerRunning: { [self] channel in
                lock.withLock { bound = channel.localAddress?.port }
                ready.signal()
            },
            eventLoopGroupProvider: .shared(group),
            logger: quiet)
        task = Task { [self] in
            do {
                try await app.run()
            } catch {
                lock.withLock { failure = "\(error)" }
            }
            ready.signal()
            ended.signal()
        }
        ready.wait()
        if let failure = lock.withLock({ bound == nil ? (failure ?? "the server ended") : nil }) {
            throw CaptureError.transportFailed(instance: "", transport: "http", reason: "cannot listen on \(address): \(failure)")
        }
    }

    /// Stops serving and waits for the server to end.
    func stop() {
        guard let task else { return }
        task.cancel()
        ended.wait()
        self.task = nil
    }
}
