import FileTransports
import Foundation
import NIOCore

/// Admits connections to one listener: the source must be on the allow list, and the listener
/// holds at most `maxConnections` connections, `maxPerSource` of them from one address. Each
/// listener has its own gate, so one flooded listener never takes the descriptors another needs.
///
/// `@unchecked Sendable`: the connection counts are read and written under `lock` only.
final class ConnectionGate: @unchecked Sendable {
    let allow: AddressAllowList
    let maxConnections: Int
    let maxPerSource: Int
    private let lock = NSLock()
    private var open: [String: Int] = [:]
    private var total = 0

    init(allow: [String], maxConnections: Int, maxPerSource: Int) {
        self.allow = AddressAllowList(allow)
        self.maxConnections = maxConnections
        self.maxPerSource = maxPerSource
    }

    /// Why a connection from `address` is refused, or `nil` when it was admitted (then
    /// ``release(_:)`` must follow when it closes).
    func admit(_ address: String) -> String? {
        guard allow.contains(address) else { return "address not allowed" }
        return lock.withLock {
            guard total < maxConnections else { return "\(maxConnections) connections already open" }
            guard open[address, default: 0] < maxPerSource else { return "\(maxPerSource) connections from this address already open" }
            total += 1
            open[address, default: 0] += 1
            return nil
        }
    }

    /// A connection admitted by ``admit(_:)`` has closed.
    func release(_ address: String) {
        lock.withLock {
            total -= 1
            if let count = open[address] { open[address] = count > 1 ? count - 1 : nil }
        }
    }

    /// Admits `channel` or closes it; returns the refusal reason, if any.
    func guardChannel(_ channel: Channel) -> String? {
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        if let refusal = admit(address) {
            channel.close(promise: nil)
            return refusal
        }
        channel.closeFuture.whenComplete { [self] _ in release(address) }
        return nil
    }

    /// Connections open now.
    var openConnections: Int { lock.withLock { total } }
}

/// The first handler of an HTTP connection (after HTTP decoding): applies the listener's
/// ``ConnectionGate`` and closes the connection when no request head arrives within the header
/// timeout (a client that opens a connection and sends nothing, or sends its headers a byte at a time).
///
/// `@unchecked Sendable`: a channel handler; NIO calls it (and its timer) on its channel's event loop only.
final class ConnectionGateHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = Any
    private let gate: ConnectionGate
    private let headerTimeout: TimeAmount
    private let refused: @Sendable (String) -> Void
    private var timer: Scheduled<Void>?

    init(gate: ConnectionGate, headerTimeout: TimeAmount, refused: @escaping @Sendable (String) -> Void) {
        self.gate = gate
        self.headerTimeout = headerTimeout
        self.refused = refused
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if let refusal = gate.guardChannel(context.channel) {
            refused(refusal)
            return
        }
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: headerTimeout) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        timer?.cancel()
        timer = nil
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }
}
