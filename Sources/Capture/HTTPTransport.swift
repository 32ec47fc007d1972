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
        let router = Router()
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
        runner = HTTPServerRunner(router: router, server: try Self.server(settings, instance: instance), address: settings.listen,
                                  group: group, logger: logger)
    }

    /// HTTP/1.1, or HTTP/1.1 over TLS with the configured certificate chain and key (PEM).
    private static func server(_ settings: HTTPReceiverSettings, instance: String) throws -> HTTPServerBuilder {
        guard let certificateFile = settings.certificateFile, let keyFile = settings.keyFile else { return .http1() }
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
        let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
        do {
            return try .tls(.http1(), tlsConfiguration: configuration)
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
