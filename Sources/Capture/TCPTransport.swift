import TollbookConfiguration
import Foundation
import Logging
import NIOCore
import NIOPosix

/// A TCP listener a PBX connects to and streams records over (Unify, innovaphone raw TCP). Each
/// connection is one journal stream; records split across packets are joined by the parser, and a
/// reconnect starts a new stream.
///
/// TCP has no application-level acknowledgement, so bytes are read eagerly: what arrives is
/// written to the journal at once (a kill of the service cannot lose it any more) and made
/// durable by group commit while the next bytes are read. What a crash can lose is what the
/// kernel held in the socket buffers at that moment (and, on power loss, the last unsynced
/// entries); a PBX that resends after a reconnect gets exactly-once through the store's
/// duplicate detection (see docs/capture.md).
///
/// `@unchecked Sendable`: the channel, bound address, problem, connection list and stopping flag are
/// used under `lock`.
public final class TCPTransport: CaptureTransport, @unchecked Sendable {
    private let instance: String
    private let settings: TCPSettings
    private let journal: CaptureJournal
    private let group: EventLoopGroup
    private let logger: Logger
    private let lock = NSLock()
    private var channel: Channel?
    private var boundAddress = ""
    private var problem: String?

    /// Creates the transport on `group` (``start()`` binds the port).
    public init(instance: String, settings: TCPSettings, journal: CaptureJournal, group: EventLoopGroup, logger: Logger) {
        self.instance = instance
        self.settings = settings
        self.journal = journal
        self.group = group
        self.logger = logger
    }

    /// The bound address.
    public var endpoint: String { lock.withLock { boundAddress } }

    /// The last connection problem, if any.
    public var lastError: String? { lock.withLock { problem } }

    /// Binds the port and starts accepting connections.
    public func start() throws {
        var limits = settings.limits
        limits.allow = settings.allow
        let gate = ConnectionGate(allow: limits.allow, maxConnections: limits.maxConnections,
                                  maxPerSource: limits.maxConnectionsPerSource)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.autoRead, value: false)
            .childChannelInitializer { [self] channel in
                if let refusal = gate.guardChannel(channel) {
                    logger.warning("tcp connection refused (\(refusal))", metadata: ["instance": "\(instance)"])
                    return channel.eventLoop.makeSucceededVoidFuture()
                }
                return channel.pipeline.addHandler(TCPStreamHandler(transport: self))
            }
        do {
            let channel = try bootstrap.bind(host: settings.listen.host, port: settings.listen.port).wait()
            let port = channel.localAddress?.port ?? settings.listen.port
            lock.withLock {
                self.channel = channel
                boundAddress = ListenAddress(host: settings.listen.host, port: port).description
            }
        } catch {
            throw CaptureError.transportFailed(instance: instance, transport: "tcp", reason: "cannot listen on \(settings.listen): \(error)")
        }
    }

    /// Stops accepting connections and closes the open ones. Their journal streams stay open:
    /// the next start closes them as cut connections (what was received is kept).
    public func stop() {
        let channel = lock.withLock { () -> Channel? in
            stopping = true
            defer { self.channel = nil }
            return self.channel
        }
        try? channel?.close().wait()
        let open = lock.withLock { connections }
        for connection in open { try? connection.close().wait() }
    }

    private var connections: [Channel] = []
    private var stopping = false

    fileprivate func opened(_ channel: Channel) -> UInt64? {
        let peer = channel.remoteAddress?.description ?? "unknown"
        do {
            let stream = try journal.beginStream(origin: "tcp:\(peer)")
            lock.withLock { connections.append(channel) }
            return stream
        } catch {
            noteProblem("a connection could not be journaled: \(error)")
            return nil
        }
    }

    fileprivate func closed(_ channel: Channel, stream: UInt64) {
        let isStopping = lock.withLock { () -> Bool in
            connections.removeAll { $0 === channel }
            return stopping
        }
        // A connection cut by the service's own stop is ended at the next start.
        guard !isStopping else { return }
        do {
            try journal.endStream(stream)
        } catch {
            noteProblem("the end of a connection could not be journaled: \(error)")
        }
    }

    fileprivate func received(_ bytes: UnsafeRawBufferPointer, stream: UInt64, end: Bool = false) throws -> UInt64 {
        try journal.append(stream: stream, bytes, end: end)
    }

    /// Begins the next stream of a long-lived connection (see ``TCPSettings/rotateBytes``).
    fileprivate func continued(from stream: UInt64, peer: String) throws -> UInt64 {
        try journal.beginStream(origin: "tcp:\(peer) (continued from stream \(stream))")
    }

    fileprivate var rotation: (bytes: Int, seconds: Int) { (settings.rotateBytes, settings.rotateSeconds) }

    fileprivate func sync(through seq: UInt64) throws {
        try journal.sync(through: seq)
    }

    fileprivate func noteProblem(_ message: String) {
        // While stopping, the journal closes under connections still being read: not a problem.
        guard !lock.withLock({ stopping }) else { return }
        lock.withLock { problem = message }
        logger.error("tcp problem", metadata: ["instance": "\(instance)", "error": "\(message)"])
    }
}

/// One connection: appends what arrives to the journal on the event loop (page cache: it
/// survives a kill of the process), asks for more at once, and makes it durable by group commit
/// on a queue of its own.
///
/// `@unchecked Sendable`: a channel handler; its stream state is used on its channel's event loop, and
/// the durability queue only touches the journal writer (thread-safe) and completes on the loop.
private final class TCPStreamHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private let transport: TCPTransport
    private let queue = DispatchQueue(label: "tollbook.tcp.journal")
    /// Set on the queue before the first read, then used on the event loop only.
    private var stream: UInt64?
    private var lastSeq: UInt64 = 0
    private var failed = false
    /// Bytes in the current stream, and when it began (for rotation).
    private var streamBytes = 0
    private var streamStarted = DispatchTime.now()
    private var peer = "unknown"

    init(transport: TCPTransport) {
        self.transport = transport
    }

    func channelActive(context: ChannelHandlerContext) {
        // The stream begins at once (a written journal entry, no fsync) and reading starts: a
        // PBX that sends and closes at once must not find the connection unread.
        peer = context.channel.remoteAddress?.description ?? "unknown"
        stream = transport.opened(context.channel)
        streamStarted = .now()
        if stream == nil { context.close(promise: nil) } else { context.read() }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        guard let stream, !failed else { return }
        do {
            try bytes.withUnsafeReadableBytes { try append($0, to: stream) }
        } catch {
            failed = true
            transport.noteProblem("received bytes could not be journaled: \(error)")
            context.close(promise: nil)
        }
    }

    /// Appends received bytes; once the stream is due for rotation, it ends at the next line end
    /// and the rest begins a new stream.
    private func append(_ bytes: UnsafeRawBufferPointer, to current: UInt64) throws {
        let (limitBytes, limitSeconds) = transport.rotation
        let elapsed = (DispatchTime.now().uptimeNanoseconds - streamStarted.uptimeNanoseconds) / 1_000_000_000
        let due = streamBytes + bytes.count >= limitBytes || elapsed >= UInt64(limitSeconds)
        guard due, let newline = bytes.lastIndex(of: 10) else {
            lastSeq = try transport.received(bytes, stream: current)
            streamBytes += bytes.count
            return
        }
        lastSeq = try transport.received(UnsafeRawBufferPointer(rebasing: bytes[...newline]), stream: current, end: true)
        let next = try transport.continued(from: current, peer: peer)
        stream = next
        streamStarted = .now()
        streamBytes = 0
        let rest = UnsafeRawBufferPointer(rebasing: bytes[(newline + 1)...])
        if !rest.isEmpty {
            lastSeq = try transport.received(rest, stream: next)
            streamBytes = rest.count
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard !failed else { return }
        // Read on while the written bytes are synced (group commit with other connections).
        context.read()
        let loop = context.eventLoop
        let box = NIOLoopBound(context, eventLoop: loop)
        let seq = lastSeq
        queue.async { [self] in
            guard seq > 0 else { return }
            do {
                try transport.sync(through: seq)
            } catch {
                transport.noteProblem("received bytes could not be made durable: \(error)")
                // Without a durable journal nothing more is taken from this PBX: it will resend.
                loop.execute {
                    self.failed = true
                    box.value.close(promise: nil)
                }
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let channel = context.channel
        let current = stream
        queue.async { [self] in
            if let current { transport.closed(channel, stream: current) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
