import TollbookConfiguration
import Foundation
import Hummingbird
import Logging
import NIOCore

/// The operations endpoint of `tollbook serve`: `GET /healthz`, `GET /metrics` (Prometheus text),
/// `GET /sites`, and `POST /sites/{name}/enable|disable|restart` and `POST /reload` for
/// `tollbook sites`. It listens on loopback by default; put it behind a firewall otherwise.
final class OpsServer: @unchecked Sendable {
    private let runner: HTTPServerRunner

    init(service: CaptureService, address: ListenAddress, group: EventLoopGroup, logger: Logger) {
        let router = Router()
        router.get("/healthz") { _, _ -> Response in
            let statuses = service.statuses()
            let healthy = statuses.allSatisfy { $0.state != "failed" }
            let body = HealthReport(status: healthy ? "ok" : "degraded", instances: statuses)
            return Self.json(body, status: healthy ? .ok : .serviceUnavailable)
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
        runner = HTTPServerRunner(router: router, address: address, group: group, logger: logger)
    }

    /// The bound address.
    var endpoint: String { runner.endpoint }

    func start() throws {
        try runner.start()
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
    /// `ok` when no enabled instance has failed, else `degraded`.
    var status: String
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
