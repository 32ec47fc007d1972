import TollbookConfiguration
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import FileTransports
import Synchronization

/// The operations endpoint of `tollbook serve`: `GET /healthz`, `GET /metrics` (Prometheus text),
/// `GET /sites`, and `POST /sites/{name}/enable|disable|restart` and `POST /reload` for
/// `tollbook sites`. It listens on loopback by default.
///
/// Security model: `GET /sites` and every `POST` need `Authorization: Bearer <token>` (the token
/// file of `service.ops_token_file`); `/healthz` and `/metrics` are read-only and need it only with
/// `service.protect_metrics`. Every request must name the listener in `Host` (an IP address,
/// `localhost` or the configured listen host, with the port) and, when a browser sends `Origin`,
/// that same host: a web page cannot drive the endpoint, not even through DNS rebinding.
///
/// `@unchecked Sendable`: constants only (the runner and ``OpsAccess`` are thread-safe); the handlers
/// run on the server's tasks and read nothing else of it.
final class OpsServer: @unchecked Sendable {
    private let runner: HTTPServerRunner

    init(service: CaptureService, address: ListenAddress, token: String, protectMetrics: Bool, group: EventLoopGroup,
         logger: Logger) {
        let router = Router()
        let access = OpsAccess(token: token, listenHost: address.host)
        router.add(middleware: OpsAccessMiddleware(access: access, protectMetrics: protectMetrics, logger: logger))
        router.get("/healthz") { _, _ -> Response in
            let statuses = service.statuses()
            let problems = statuses.compactMap { status -> String? in
                switch status.state {
                case "running": return status.lastError.map { "\(status.name): \($0)" }
                case "disabled": return "\(status.name): disabled"
                default: return "\(status.name): \(status.state)\(status.lastError.map { " (\($0))" } ?? "")"
                }
            }
            let body = HealthReport(status: problems.isEmpty ? "ok" : "degraded", reasons: problems, instances: statuses)
            return Self.json(body, status: problems.isEmpty ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ -> Response in
            var buffer = ByteBuffer()
            buffer.writeBytes(service.registry.emitToBuffer())
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: buffer))
        }
        router.get("/sites") { _, _ -> Response in
            Self.json(service.statuses(), status: .ok)
        }
        router.post("/sites/:name/:action") { _, context -> Response in
            guard let name = context.parameters.get("name"), let action = context.parameters.get("action") else {
                return Self.json(ErrorReport(error: "missing name or action"), status: .badRequest)
            }
            do {
                let status: [InstanceStatus]
                switch action {
                case "enable": status = try await Self.offload { try service.setEnabled(name, true) }
                case "disable": status = try await Self.offload { try service.setEnabled(name, false) }
                case "restart": status = try await Self.offload { try service.restart(name) }
                default: return Self.json(ErrorReport(error: "unknown action '\(action)' (enable, disable, restart)"), status: .notFound)
                }
                return Self.json(status, status: .ok)
            } catch let error as CaptureError {
                return Self.json(ErrorReport(error: error.description), status: .notFound)
            } catch {
                // The recorder (the audit log) refused: nothing was changed.
                logger.error("operator action refused: it could not be recorded", metadata: ["error": "\(error)"])
                return Self.json(ErrorReport(error: "not carried out: the action could not be recorded (\(error))"),
                                 status: .serviceUnavailable)
            }
        }
        router.post("/reload") { _, _ -> Response in
            do {
                let changed = try await Self.offload { try service.reload() }
                return Self.json(ReloadReport(changed: changed), status: .ok)
            } catch {
                return Self.json(ErrorReport(error: "\(error)"), status: .unprocessableContent)
            }
        }
        // Bounded like the receivers: a flood of idle connections cannot starve the service.
        let gate = ConnectionGate(allow: [], maxConnections: 64, maxPerSource: 16)
        let refused: @Sendable (String) -> Void = { reason in
            logger.warning("operations connection refused (\(reason))")
        }
        let channel = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGateHandler(gate: gate, headerTimeout: .seconds(10), refused: refused)],
            idleTimeout: .seconds(30))
        runner = HTTPServerRunner(router: router, server: .http1(configuration: channel), address: address, group: group,
                                  logger: logger)
        self.access = access
    }

    private let access: OpsAccess

    /// The bound address.
    var endpoint: String { runner.endpoint }

    func start() throws {
        try runner.start()
        access.port = runner.port
    }

    func stop() {
        runner.stop()
    }

    /// Runs blocking service work (stopping threads, joining workers) off the server's threads.
    private static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    private static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var buffer = ByteBuffer()
        buffer.writeBytes(data)
        buffer.writeString("\n")
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
    }
}

/// `GET /healthz`.
struct HealthReport: Codable {
    /// `ok` when every instance runs without a pending error, else `degraded`.
    var status: String
    /// Why it is degraded: one line per instance that is disabled, failed or has an error.
    var reasons: [String]
    /// Every configured instance.
    var instances: [InstanceStatus]
}

/// `POST /reload`.
struct ReloadReport: Codable {
    /// Instances started, stopped or restarted.
    var changed: [String]
}

/// An error answer.
struct ErrorReport: Codable {
    /// What went wrong.
    var error: String
}

/// Who may use the operations endpoint (see ``OpsServer``).
final class OpsAccess: Sendable {
    let token: String
    let listenHost: String
    private let boundPort = Mutex<Int?>(nil)

    init(token: String, listenHost: String) {
        self.token = token
        self.listenHost = listenHost
    }

    /// The bound port (set once the server listens).
    var port: Int? {
        get { boundPort.withLock { $0 } }
        set { boundPort.withLock { $0 = newValue } }
    }

    /// Why a request is refused (`nil`: it is allowed).
    /// - Parameters:
    ///   - authority: the `Host` header.
    ///   - origin: the `Origin` header, if any.
    ///   - authorization: the `Authorization` header, if any.
    ///   - needsToken: whether the endpoint needs the bearer token.
    func refusal(authority: String?, origin: String?, authorization: String?, needsToken: Bool) -> (HTTPResponse.Status, String)? {
        guard let authority, hostIsAllowed(authority) else {
            return (.forbidden, "the Host header does not name this endpoint")
        }
        if let origin, origin != "http://" + authority, origin != "https://" + authority {
            return (.forbidden, "cross-origin requests are refused")
        }
        guard needsToken else { return nil }
        guard let authorization, authorization.hasPrefix("Bearer "),
              OpsToken.matches(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces), token) else {
            return (.unauthorized, "a bearer token is required (the file named by service.ops_token_file; tollbook sites reads it with --config)")
        }
        return nil
    }

    /// An IP address, `localhost` or the configured listen host, with the bound port.
    func hostIsAllowed(_ authority: String) -> Bool {
        var host = Substring(authority)
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let rest = host[host.index(after: close)...]
            portText = rest.hasPrefix(":") ? rest.dropFirst() : nil
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        if let port, let portText, Int(portText) != port { return false }
        let name = host.lowercased()
        if name == "localhost" || name == listenHost.lowercased() { return true }
        // An address literal cannot be re-pointed by DNS.
        return name.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" } && (name.contains(".") || name.contains(":"))
            && (name.split(separator: ".").count == 4 || name.contains(":"))
    }
}

/// Applies ``OpsAccess`` to every request.
struct OpsAccessMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let access: OpsAccess
    let protectMetrics: Bool
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let readOnly = request.method == .get && (path == "/healthz" || path == "/metrics")
        if let (status, message) = access.refusal(authority: request.head.authority, origin: request.headers[.origin],
                                                  authorization: request.headers[.authorization],
                                                  needsToken: !readOnly || protectMetrics) {
            logger.warning("operations request refused", metadata: ["path": "\(LogText.clean(path))", "reason": "\(message)"])
            var buffer = ByteBuffer()
            buffer.writeString("{\"error\":\"\(message)\"}\n")
            return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: buffer))
        }
        return try await next(request, context)
    }
}
