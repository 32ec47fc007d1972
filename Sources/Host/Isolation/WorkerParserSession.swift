import Foundation
import TollbookCore

/// A parser of a plugin running in a worker process: `tollbook` started again in its hidden
/// worker mode (``subcommand``), which loads the plugin there and serves one request per window
/// over pipes. The worker applies its memory limit to itself; this side enforces the per-request
/// time limit (SIGKILL) and tells crashes, timeouts and memory exhaustion apart
/// (``WorkerFailure``). After a ``WorkerFailure`` the session is finished; plugin errors
/// (``HostError``) are reported as by ``ParserSession``.
public final class WorkerParserSession: StreamParser {
    /// The hidden `tollbook` subcommand that serves a parser worker.
    public static let subcommand = "__parse-worker"
    /// Seconds the worker may take to start and create the parser (at least the request timeout).
    static let startSeconds: Double = 30

    /// The plugin's id.
    public let connector: String
    /// How the worker is run.
    public let settings: WorkerSettings
    private var child: WorkerChild?
    private var offset: UInt64 = 0
    private var output = ParserOutput.empty
    private var buffer: [UInt8] = []
    private let region = SharedRegion.create()
    private var failedLog = ""

    /// Starts a worker, loads the plugin at `pluginPath` there and creates a parser.
    /// - Parameters:
    ///   - connector: the plugin id the worker must find in the file.
    ///   - timeZoneIdentifier: the source's IANA time zone.
    /// - Throws: ``WorkerLaunchError``, ``WorkerFailure``, ``HostError`` (options refused).
    public init(pluginPath: String, connector: String, optionsJSON: String, sourceName: String,
                timeZoneIdentifier: String, settings: WorkerSettings) throws {
        self.connector = connector
        self.settings = settings
        var environment = ProcessInfo.processInfo.environment
        environment[WorkerLimits.environmentKey] = WorkerLimits(addressSpaceBytes: settings.memoryBytes).encoded
        let arguments = [Self.subcommand, "--plugin", pluginPath] + (region == nil ? [] : ["--shared-fd", "3"])
        child = try WorkerChild(executable: settings.resolvedExecutable, arguments: arguments, environment: environment,
                                shared: region?.fd)
        var request = WireWriter()
        [optionsJSON, sourceName, timeZoneIdentifier, connector].forEach { request.append(string: $0) }
        let kind = try exchange(.create, head: request.bytes, body: nil, seconds: max(settings.timeoutSeconds, Self.startSeconds)) { kind, _ in kind }
        guard kind == .ready else { throw fail(.protocolError(detail: "unexpected reply to create")) }
    }

    deinit {
        child?.terminate()
    }

    /// Total bytes of the source dealt with so far.
    public var consumedBytes: UInt64 { offset }

    /// The tail of the worker's standard error (plugin log lines, crash messages), for diagnostics.
    public var diagnostics: String { child?.log.text ?? failedLog }

    /// Passes a window to the worker's parser (see ``ParserSession/consume(_:isEnd:)``).
    /// - Throws: ``WorkerFailure`` (the worker is then gone), ``HostError``.
    public func consume(_ window: UnsafeRawBufferPointer, isEnd: Bool) throws -> Int {
        return try exchange(.consume, head: [isEnd ? 1 : 0], body: window, seconds: settings.timeoutSeconds) { kind, payload in
            guard kind == .output else { throw WorkerProtocolError("unexpected reply to consume") }
            var reader = WireReader(payload)
            let used = Int(try reader.read(UInt64.self))
            let newOffset = try reader.read(UInt64.self)
            let step = try ParserOutput(reading: &reader)
            guard used <= window.count, newOffset == offset + UInt64(used), reader.isAtEnd else {
                throw WorkerProtocolError("inconsistent consume reply")
            }
            offset = newOffset
            output.append(step)
            return used
        }
    }

    /// Moves the worker's parser past `byteCount` bytes without parsing them (quarantined input).
    /// - Throws: ``WorkerFailure``, ``HostError``.
    public func skip(byteCount: UInt64) throws {
        var request = WireWriter()
        request.append(byteCount)
        let kind = try exchange(.skip, head: request.bytes, body: nil, seconds: settings.timeoutSeconds) { kind, _ in kind }
        guard kind == .ready else { throw fail(.protocolError(detail: "unexpected reply to skip")) }
        offset += byteCount
    }

    /// The records, rejects and skipped spans received since the last call.
    public func takeOutput() -> ParserOutput {
        defer { output = .empty }
        return output
    }

    /// Whether the worker is still there (no failure ended it).
    public var isAlive: Bool { child != nil }

    /// Starts a new parser for another source in the same worker (the previous parser is
    /// destroyed there): a worker is reused across streams instead of started for each.
    /// - Throws: ``WorkerFailure``, ``HostError`` (options refused).
    public func reset(optionsJSON: String, sourceName: String, timeZoneIdentifier: String) throws {
        var request = WireWriter()
        [optionsJSON, sourceName, timeZoneIdentifier, connector].forEach { request.append(string: $0) }
        let kind = try exchange(.create, head: request.bytes, body: nil, seconds: max(settings.timeoutSeconds, Self.startSeconds)) { kind, _ in kind }
        guard kind == .ready else { throw fail(.protocolError(detail: "unexpected reply to create")) }
        offset = 0
        output = .empty
    }

    /// Ends the worker now.
    public func close() {
        child?.terminate()
        child = nil
    }

    /// Sends one request and hands its reply's kind and payload to `handle`; the payload is only
    /// valid during that call. Failures of the worker, and replies `handle` cannot read, end it.
    private func exchange<T>(_ kind: WorkerFrame.Kind, head: [UInt8], body: UnsafeRawBufferPointer?, seconds: Double,
                             handle: (WorkerFrame.Kind, UnsafeRawBufferPointer) throws -> T) throws -> T {
        guard let child else { throw WorkerFailure.protocolError(detail: "the worker has already failed") }
        let deadline = PipeIO.now() + UInt64(seconds * 1e9)
        do {
            let length = head.count + (body?.count ?? 0)
            let shared = head.withUnsafeBytes { head in
                region?.store([head, body ?? UnsafeRawBufferPointer(start: nil, count: 0)]) ?? false
            }
            let frame = WorkerFrame.header(kind: kind, length: length, shared: shared) + (shared ? [] : head)
            try frame.withUnsafeBytes { try PipeIO.write(child.requests, $0, deadline: deadline) }
            if !shared, let body { try PipeIO.write(child.requests, body, deadline: deadline) }
            var header = [UInt8](repeating: 0, count: WorkerFrame.headerSize)
            try header.withUnsafeMutableBytes { try PipeIO.read(child.replies, into: $0, deadline: deadline) }
            let reply = try header.withUnsafeBytes { try WorkerFrame.parseHeader($0) }
            if reply.shared {
                guard let payload = region?.prefix(reply.length) else { throw WorkerProtocolError("shared reply larger than the region") }
                return try decode(reply.kind, payload, handle)
            }
            if buffer.count < reply.length { buffer = [UInt8](repeating: 0, count: reply.length) }
            try buffer.withUnsafeMutableBytes {
                try PipeIO.read(child.replies, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<reply.length]), deadline: deadline)
            }
            return try buffer.withUnsafeBytes { try decode(reply.kind, UnsafeRawBufferPointer(rebasing: $0[0..<reply.length]), handle) }
        } catch let failure as PipeIO.Failure {
            throw fail(classify(failure, child: child, seconds: seconds))
        } catch let error as WorkerProtocolError {
            throw fail(.protocolError(detail: error.description))
        } catch let error as CallBatchWireError {
            throw fail(.protocolError(detail: error.description))
        }
    }

    /// Throws the error of a failure reply, else hands the reply to `handle`.
    private func decode<T>(_ kind: WorkerFrame.Kind, _ payload: UnsafeRawBufferPointer,
                           _ handle: (WorkerFrame.Kind, UnsafeRawBufferPointer) throws -> T) throws -> T {
        if kind == .failure { throw try WorkerErrorCoding.decode(payload) }
        return try handle(kind, payload)
    }

    /// How the worker failed, once it has ended.
    private func classify(_ failure: PipeIO.Failure, child: WorkerChild, seconds: Double) -> WorkerFailure {
        if failure == .timedOut {
            child.terminate()
            return .timedOut(seconds: seconds)
        }
        let termination = child.awaitEnd(seconds: 5)
        child.log.waitForEnd(seconds: 2)
        if child.log.text.contains(WorkerCrashMarker.outOfMemoryLine) { return .memoryLimit(bytes: settings.memoryBytes) }
        switch termination {
        case .signaled(SIGKILL):
            // Not our timeout: the kernel's OOM killer (or a cgroup memory limit) ended it.
            return .memoryLimit(bytes: settings.memoryBytes)
        case let .signaled(signal): return .crashed(signal: signal)
        case let .exited(status): return .exited(status: status)
        case .timedOut: return .protocolError(detail: "the worker closed its pipe but did not exit")
        }
    }

    /// Ends the worker and returns `failure` for throwing.
    private func fail(_ failure: WorkerFailure) -> WorkerFailure {
        failedLog = child?.log.text ?? failedLog
        child?.terminate()
        child = nil
        return failure
    }
}
