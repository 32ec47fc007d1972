import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TollbookCore

/// The worker side of ``WorkerParserSession``: the body of `tollbook __parse-worker`. Applies the
/// limits the parent passed, keeps the reply pipe to itself (anything the plugin prints goes to
/// stderr), loads the plugin with the host's checks and serves requests until stdin ends.
public enum ParseWorkerServer {
    /// Serves requests on stdin; returns the exit status (0 when the parent closed the pipe).
    /// - Parameter sharedFD: the descriptor of the ``SharedRegion`` the parent passed, if any.
    public static func run(pluginPath: String, sharedFD: Int32? = nil) -> Int32 {
        closeInheritedDescriptors(keeping: sharedFD)
        WorkerLimits.applyInherited()
        WorkerCrashMarker.install()
        // Replies go to a private copy of stdout; fd 1 becomes stderr for stray output.
        // A close-on-exec copy in one step (F_DUPFD_CLOEXEC), not dup + fcntl.
        let replies = fcntl(1, F_DUPFD_CLOEXEC, 0)
        guard replies >= 0, dup2(2, 1) >= 0 else { return 70 }
        PipeIO.enlarge(replies)
        PipeIO.enlarge(0)
        let region = sharedFD.flatMap { SharedRegion(fd: $0) }
        var state = State(pluginPath: pluginPath)
        var header = [UInt8](repeating: 0, count: WorkerFrame.headerSize)
        var payload: [UInt8] = []
        while true {
            do {
                try header.withUnsafeMutableBytes { try PipeIO.read(0, into: $0, deadline: nil) }
                let request = try header.withUnsafeBytes { try WorkerFrame.parseHeader($0) }
                let reply: Reply
                if request.shared {
                    guard let payload = region?.prefix(request.length) else { return 72 }
                    reply = state.handle(request.kind, payload)
                } else {
                    let length = request.length
                    if payload.count < length { payload = [UInt8](repeating: 0, count: length) }
                    try payload.withUnsafeMutableBytes {
                        try PipeIO.read(0, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<length]), deadline: nil)
                    }
                    reply = payload.withUnsafeBytes { state.handle(request.kind, UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
                }
                try send(reply, region: region, to: replies)
            } catch PipeIO.Failure.closed {
                return 0
            } catch {
                return 71
            }
        }
    }

    /// A reply: its header and the payload before the calls, then the calls (consume only).
    private struct Reply {
        var kind: WorkerFrame.Kind
        var head: [UInt8]
        var calls: CallBatch?
    }

    /// Sends a reply: through the shared region when it fits (the request in it is no longer
    /// needed), else on the pipe; the calls' rows and arena are copied straight from the batch.
    private static func send(_ reply: Reply, region: SharedRegion?, to fd: Int32) throws {
        try (reply.calls ?? CallBatch()).withWireParts { batch in
            let parts = reply.calls == nil ? [] : batch
            try reply.head.withUnsafeBytes { head in
                let length = head.count + parts.reduce(0) { $0 + $1.count }
                if let region, length > 0, region.store([head] + parts) {
                    let header = WorkerFrame.header(kind: reply.kind, length: length, shared: true)
                    try header.withUnsafeBytes { try PipeIO.write(fd, $0, deadline: nil) }
                    return
                }
                let header = WorkerFrame.header(kind: reply.kind, length: length)
                try header.withUnsafeBytes { try PipeIO.write(fd, $0, deadline: nil) }
                for part in [head] + parts where part.count > 0 { try PipeIO.write(fd, part, deadline: nil) }
            }
        }
    }

    /// The plugin and parser of one worker.
    private struct State {
        let pluginPath: String
        var session: ParserSession?

        init(pluginPath: String) {
            self.pluginPath = pluginPath
        }

        /// Serves one request.
        mutating func handle(_ kind: WorkerFrame.Kind, _ payload: UnsafeRawBufferPointer) -> Reply {
            do {
                var reader = WireReader(payload)
                switch kind {
                case .create:
                    let options = try reader.readString(), source = try reader.readString()
                    let zone = try reader.readString(), connector = try reader.readString()
                    let plugin = try PluginLibrary(path: pluginPath)
                    guard plugin.info.id == connector else {
                        throw WorkerFailure.workerError(detail: "\(pluginPath) holds plugin \(plugin.info.id), not \(connector)")
                    }
                    guard let converter = WallClockConverter(identifier: zone) else { throw HostError.unknownTimeZone(zone) }
                    session = try ParserSession(plugin: plugin, optionsJSON: options, sourceName: source, timeZone: converter)
                    return Reply(kind: .ready, head: [], calls: nil)
                case .consume:
                    let session = try current()
                    let isEnd = try reader.read(UInt8.self) != 0
                    let window = reader.readRest()
                    let used = try session.consume(window, isEnd: isEnd)
                    let output = session.takeOutput()
                    var writer = WireWriter(reserving: 256)
                    writer.append(UInt64(used))
                    writer.append(session.consumedBytes)
                    output.writeAllButCalls(to: &writer)
                    return Reply(kind: .output, head: writer.bytes, calls: output.calls)
                case .skip:
                    try current().skip(byteCount: try reader.read(UInt64.self))
                    return Reply(kind: .ready, head: [], calls: nil)
                default:
                    throw WorkerProtocolError("unexpected request kind \(kind.rawValue)")
                }
            } catch {
                _ = session?.takeOutput()
                return Reply(kind: .failure, head: WorkerErrorCoding.encode(error), calls: nil)
            }
        }

        private func current() throws -> ParserSession {
            guard let session else { throw WorkerProtocolError("no parser was created") }
            return session
        }
    }

    /// Closes every descriptor but stdin, stdout and stderr that the worker inherited (the
    /// service's listening sockets, journal and store files): a transport that is stopped must
    /// stop listening even while its workers run, and a plugin must not reach the parent's files.
    static func closeInheritedDescriptors(keeping kept: Int32?) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for descriptor in names.compactMap({ Int32($0) }) where descriptor > 2 && descriptor != kept { close(descriptor) }
    }
}
