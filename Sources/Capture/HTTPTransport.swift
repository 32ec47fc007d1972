import TollbookConfiguration
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// An HTTP receiver for innovaphone CDR0 / CDR1: a GET with the record in its query, a POST whose
/// body is the same argument string ("External(POST)"), or a "Standard" POST (`log-msg<cdr …>`).
/// Each request becomes one journal stream; the answer is `200 OK` only once its bytes are
/// durable, otherwise `503`, so the PBX keeps the record and sends it again.
///
/// `@unchecked Sendable`: `problem` is used under `lock`; `runner` is set by `start()` before the
/// transport is reached from other threads, and ``CaptureService`` starts and stops it under its
/// lifecycle lock.
public final class HTTPTransport: CaptureTransport, @unchecked Sendable {
    private let instance: String
    private let settings: HTTPReceiverSettings
    private let journal: CaptureJournal
    private let logger: Logger
    private var runner: HTTPServerRunner?
    private let lock = NSLock()
    private var problem: String?
    /// Largest body accepted (an innovaphone CDR buffer holds 300 kB).
    public static let maximumBodyBytes = 4 << 20

    /// Creates the receiver on `group` (``start()`` binds the port); HTTPS when the settings name a
    /// certificate and key.
    /// - Throws: ``CaptureError/transportFailed(instance:transport:reason:)`` for an unreadable certificate or key.
    public init(instance: String, settings: HTTPReceiverSettings, journal: CaptureJournal, group: EventLoopGroup, logger: Logger) throws {
        self.instance = instance
        self.settings = settings
        self.journal = journal
        self.logger = logger
        let credentials = try HTTPCredentials(settings: settings, instance: instance)
        let router = Router()
        router.add(middleware: HTTPCredentialsMiddleware(credentials: credentials, instance: instance, logger: logger))
        router.get(RouterPath(settings.path)) { [self] request, _ -> Response in
            // The connector reads the query as an argument line, `?` included.
            var line = Array(("?" + (request.uri.query ?? "")).utf8)
            line.append(contentsOf: [13, 10])
            return await store(line, peer: "http-get")
        }
        router.post(RouterPath(settings.path)) { [self] request, _ -> Response in
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: Self.maximumBodyBytes)
            } catch {
                return Response(status: .contentTooLarge)
            }
            var bytes = Array(body.readableBytesView)
            if bytes.last != 10 { bytes.append(contentsOf: [13, 10]) }
            return await store(bytes, peer: "http-post")
        }
        let limits = settings.limits
        let gate = ConnectionGate(allow: limits.allow, maxConnections: limits.maxConnections,
                                  maxPerSource: limits.maxConnectionsPerSource)
        let headerTimeout = TimeAmount.seconds(Int64(limits.headerTimeoutSeconds))
        let refused: @Sendable (String) -> Void = { reason in
            logger.warning("http connection refused", metadata: ["instance": "\(instance)", "reason": "\(reason)"])
        }
        let channel = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGateHandler(gate: gate, headerTimeout: headerTimeout, refused: refused)],
            idleTimeout: .seconds(Int64(limits.idleTimeoutSeconds)))
        runner = HTTPServerRunner(router: router, server: try Self.server(settings, channel: channel, instance: instance),
                                  address: settings.listen, group: group, logger: logger)
    }

    /// HTTP/1.1, or HTTP/1.1 over TLS with the configured certificate chain and key (PEM).
    private static func server(_ settings: HTTPReceiverSettings, channel: HTTP1Channel.Configuration,
                               instance: String) throws -> HTTPServerBuilder {
        guard let certificateFile = settings.certificateFile, let keyFile = settings.keyFile else { return .http1(configuration: channel) }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw CaptureError.transportFailed(instance: instance, transport: "http", reason: "\(certificateFile): not a readable PEM certificate chain")
        }
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw CaptureError.transportFailed(instance: instance, transport: "http", reason: "\(keyFile): not a readable PEM private key")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
        if let clientCA = settings.clientCAFile {
            // Only clients with a certificate issued by this CA get through the handshake.
            guard (try? NIOSSLCertificate.fromPEMFile(clientCA)) != nil else {
                throw CaptureError.transportFailed(instance: instance, transport: "http", reason: "\(clientCA): not a readable PEM CA certificate")
            }
            configuration.trustRoots = .file(clientCA)
            configuration.certificateVerification = .noHostnameVerification
        }
        do {
            return try .tls(.http1(configuration: channel), tlsConfiguration: configuration)
        } catch {
            throw CaptureError.transportFailed(instance: instance, transport: "http", reason: "TLS: \(error)")
        }
    }

    /// The bound address and path.
    public var endpoint: String { (runner?.endpoint ?? settings.listen.description) + settings.path }

    /// The bound port, once started.
    public var port: Int? { runner?.port }

    /// The last problem (a body that could not be journaled), if any.
    public var lastError: String? { lock.withLock { problem } }

    /// Binds the port.
    public func start() throws {
        do {
            try runner?.start()
        } catch {
            throw CaptureError.transportFailed(instance: instance, transport: "http", reason: "\(error)")
        }
    }

    /// Stops the receiver.
    public func stop() {
        runner?.stop()
    }

    /// Journals a body off the server's threads (fsync blocks; concurrent bodies share one).
    private func store(_ bytes: [UInt8], peer: String) async -> Response {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { [self] in continuation.resume(returning: storeNow(bytes, peer: peer)) }
        }
    }

    private func storeNow(_ bytes: [UInt8], peer: String) -> Response {
        do {
            try bytes.withUnsafeBytes { _ = try journal.receiveBody($0, origin: peer) }
            return Response(status: .ok)
        } catch {
            lock.withLock { problem = "a request body could not be journaled: \(error)" }
            logger.error("http body not journaled", metadata: ["instance": "\(instance)", "error": "\(error)"])
            return Response(status: .serviceUnavailable)
        }
    }
}

/// The credentials an HTTP receiver requires (`auth:`): HTTP basic, a bearer token, or either.
struct HTTPCredentials: Sendable {
    var basic: (user: String, password: String)?
    var bearer: String?

    init(settings: HTTPReceiverSettings, instance: String) throws {
        func secret(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CaptureError.transportFailed(instance: instance, transport: "http", reason: "\(path): cannot be read")
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else {
                throw CaptureError.transportFailed(instance: instance, transport: "http", reason: "\(path): is empty")
            }
            return text
        }
        if let user = settings.basicUser, let file = settings.basicPasswordFile { basic = (user, try secret(file)) }
        if let file = settings.bearerTokenFile { bearer = try secret(file) }
    }

    /// Whether no credentials are required.
    var isOpen: Bool { basic == nil && bearer == nil }

    /// Whether an `Authorization` header carries valid credentials.
    func accepts(_ authorization: String?) -> Bool {
        if isOpen { return true }
        guard let authorization else { return false }
        if let bearer, authorization.hasPrefix("Bearer "),
           OpsToken.matches(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces), bearer) {
            return true
        }
        if let basic, authorization.hasPrefix("Basic "),
           let data = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)) {
            let pair = String(decoding: data, as: UTF8.self)
            return OpsToken.matches(pair, basic.user + ":" + basic.password)
        }
        return false
    }
}

/// Answers `401` to requests without the receiver's credentials (before anything is journaled).
struct HTTPCredentialsMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let credentials: HTTPCredentials
    let instance: String
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard credentials.accepts(request.headers[.authorization]) else {
            logger.warning("http request refused (no valid credentials)", metadata: ["instance": "\(instance)"])
            var headers = HTTPFields()
            headers[.wwwAuthenticate] = credentials.basic != nil ? "Basic realm=\"tollbook\"" : "Bearer"
            return Response(status: .unauthorized, headers: headers)
        }
        return try await next(request, context)
    }
}
