internal import PluginAPI
import TollbookCore

/// One parser of a plugin reading one source (a file or a stream), in this process.
///
/// Feed it chunks of any size with ``feed(_:)`` and ``finish()``: the session keeps the bytes the
/// plugin did not consume yet and passes them again with the next chunk, so records may span
/// chunks. After every call, ``takeOutput()`` returns the records and rejects produced so far.
/// The session checks what the plugin hands back (spans, strides, required fields) and turns
/// anything invalid into a quarantined ``RejectReason/pluginViolation`` instead of storing it.
public final class ParserSession {
    /// The plugin's id.
    public let connector: String
    private let plugin: PluginLibrary
    private let context: SessionContext
    private let host: UnsafeMutablePointer<tb_host>
    /// The parser's configuration and the bytes of its strings: the header promises they stay
    /// valid until destroy() returns, so they live exactly as long as the session.
    private let config: UnsafeMutablePointer<tb_parser_config>
    private let configStrings: UnsafeMutableRawBufferPointer
    private var parser: OpaquePointer?
    /// The error that ended parsing: the plugin is never fed again after it (see the header).
    private var failure: HostError?
    private var pending: [UInt8] = []
    private var offset: UInt64 = 0
    private var finished = false

    /// Largest number of bytes the session holds for one unfinished record before it gives up.
    public static let maximumPendingBytes = 64 << 20

    /// Creates a parser.
    /// - Parameters:
    ///   - plugin: the loaded plugin.
    ///   - optionsJSON: a JSON object of options ("{}" for none).
    ///   - sourceName: the file or stream name, passed to the plugin.
    ///   - timeZone: converts local wall-clock times of the plugin to UTC.
    /// - Throws: ``HostError/invalidOptions(connector:key:message:)`` or
    ///   ``HostError/pluginFailed(connector:operation:status:message:)``.
    public init(plugin: PluginLibrary, optionsJSON: String, sourceName: String, timeZone: WallClockConverter) throws {
        self.plugin = plugin
        self.connector = plugin.info.id
        context = SessionContext(converter: timeZone)
        host = UnsafeMutablePointer<tb_host>.allocate(capacity: 1)
        host.initialize(to: tb_host(
            struct_size: UInt32(MemoryLayout<tb_host>.size), abi_major: HostABI.major, abi_minor: HostABI.minor,
            host_data: Unmanaged.passUnretained(context).toOpaque(),
            emit_records: sessionEmitRecords, emit_reject: sessionEmitReject,
            report_error: sessionReportError, log: sessionLog))
        let optionBytes = Array(optionsJSON.utf8), nameBytes = Array(sourceName.utf8)
        configStrings = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, optionBytes.count + nameBytes.count),
                                                              alignment: 1)
        configStrings.copyBytes(from: optionBytes + nameBytes)
        func text(_ start: Int, _ count: Int, of storage: UnsafeMutableRawBufferPointer) -> tb_str {
            tb_str(ptr: count == 0 ? nil : storage.baseAddress.map { UnsafePointer(($0 + start).assumingMemoryBound(to: CChar.self)) },
                   len: count)
        }
        config = UnsafeMutablePointer<tb_parser_config>.allocate(capacity: 1)
        config.initialize(to: tb_parser_config(
            struct_size: UInt32(MemoryLayout<tb_parser_config>.size), reserved: 0,
            options_json: text(0, optionBytes.count, of: configStrings),
            source_name: text(optionBytes.count, nameBytes.count, of: configStrings)))
        var created: OpaquePointer?
        let status = plugin.descriptor.pointee.create(host, config, &created)
        guard status == tb_status(TB_OK), let created else {
            if status == tb_status(TB_OK) { context.errorMessage = "create returned TB_OK without a parser" }
            let message = context.errorMessage.isEmpty ? "no message" : context.errorMessage
            // `host` and `config` are released by deinit, which runs for a fully initialised instance that throws.
            if status == tb_status(TB_ERR_CONFIG) {
                throw HostError.invalidOptions(connector: plugin.info.id, key: context.errorKey, message: message)
            }
            throw HostError.pluginFailed(connector: plugin.info.id, operation: "create", status: status, message: message)
        }
        parser = created
    }

    deinit {
        if let parser { plugin.descriptor.pointee.destroy(parser) }
        host.deinitialize(count: 1)
        host.deallocate()
        config.deinitialize(count: 1)
        config.deallocate()
        configStrings.deallocate()
    }

    /// Whether every string of every record is checked for valid UTF-8 and findings reported in
    /// ``ParserOutput/invalidTextFields`` (the certification suite sets it; imports do not pay
    /// for it: invalid UTF-8 is repaired when records are stored either way).
    public var inspectsStrings: Bool {
        get { context.inspectsStrings }
        set { context.inspectsStrings = newValue }
    }

    /// Whether each accepted record's times are kept as the plugin reported them (time basis,
    /// wall-clock or UTC microseconds, reported durations), for ``takeReportedTimes()``: the
    /// vendor's harness (`tollbook plugin run`) shows them beside the host's conversion.
    public var keepsReportedTimes: Bool {
        get { context.keepsReportedTimes }
        set { context.keepsReportedTimes = newValue }
    }

    /// The reported times of the records of the last ``takeOutput()``, in the order of its calls.
    public func takeReportedTimes() -> [ReportedTimes] {
        defer { context.reportedTimes.removeAll(keepingCapacity: true) }
        return context.reportedTimes
    }

    /// Total bytes of the source the plugin has dealt with so far.
    public var consumedBytes: UInt64 { offset }

    /// Passes the next bytes of the source to the plugin; the session keeps what the plugin did not
    /// consume and passes it again before the next chunk.
    /// - Throws: ``HostError`` when the plugin fails or breaks the contract.
    public func feed(_ chunk: UnsafeRawBufferPointer) throws {
        if pending.isEmpty {
            let used = try consume(chunk, isEnd: false)
            if used < chunk.count { pending.append(contentsOf: chunk[used...]) }
        } else {
            pending.append(contentsOf: chunk)
            let used = try pending.withUnsafeBytes { try consume($0, isEnd: false) }
            pending.removeFirst(used)
        }
        if pending.count > Self.maximumPendingBytes {
            throw HostError.contractViolation(connector: connector, detail: "no complete record in the last \(pending.count) bytes")
        }
    }

    /// Tells the plugin that the source has ended; the remaining bytes must be consumed.
    public func finish() throws {
        let rest = pending
        pending.removeAll()
        _ = try rest.withUnsafeBytes { try consume($0, isEnd: true) }
    }

    /// Passes a window of the source to the plugin without copying it: `window` starts at byte
    /// ``consumedBytes`` of the source. Returns how many bytes the plugin consumed; the caller
    /// passes the rest again at the start of the next window (followed by new bytes). With
    /// `isEnd`, everything counts as consumed: bytes the plugin left are quarantined.
    /// - Throws: ``HostError`` when the plugin fails or breaks the contract.
    public func consume(_ window: UnsafeRawBufferPointer, isEnd: Bool) throws -> Int {
        if let failure { throw failure }
        guard !finished else { throw HostError.contractViolation(connector: connector, detail: "feed after end of input") }
        let used: Int
        do {
            used = try feedPlugin(window, end: isEnd)
        } catch let error as HostError {
            // The header: after an error the plugin's feed() is never called again.
            failure = error
            throw error
        }
        guard isEnd else { return used }
        finished = true
        if used < window.count {
            // The plugin left bytes unaccounted for at the end: quarantine them so nothing is lost.
            context.rejects.append(QuarantinedInput(
                reason: .pluginViolation, sourceOffset: offset, raw: Array(window[used...]), field: "",
                message: "the connector did not consume the last \(window.count - used) bytes at end of input"))
            offset += UInt64(window.count - used)
        }
        return window.count
    }

    /// Moves past `byteCount` bytes of the source without passing them to the plugin (they were
    /// quarantined by the caller), so that later records keep their true source offsets.
    /// - Throws: ``HostError/contractViolation(connector:detail:)`` after the end of input.
    public func skip(byteCount: UInt64) throws {
        guard !finished else { throw HostError.contractViolation(connector: connector, detail: "skip after end of input") }
        offset += byteCount
    }

    /// The records, rejects and skipped-span count produced since the last call.
    public func takeOutput() -> ParserOutput {
        defer {
            // The next chunk is likely as large as this one: reserve as much, plus a margin.
            let previous = context.calls
            context.calls = CallBatch(reservingRows: previous.count + previous.count / 4,
                                      arenaBytes: previous.arena.count + previous.arena.count / 4)
            context.rejects.removeAll(keepingCapacity: true)
            context.skipped = 0
            context.skippedSpans.removeAll()
            context.invalidTextFields.removeAll()
            context.localTimeProblems.removeAll()
        }
        return ParserOutput(calls: context.calls, rejects: context.rejects, skipped: context.skipped,
                            skippedSpans: context.skippedSpans, invalidTextFields: context.invalidTextFields,
                            localTimeProblems: context.localTimeProblems)
    }

    private func feedPlugin(_ data: UnsafeRawBufferPointer, end: Bool) throws -> Int {
        guard let parser else { throw HostError.contractViolation(connector: connector, detail: "no parser") }
        var consumed = 0
        context.beginCall(data: data, offset: offset)
        let base = data.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)
        let status = plugin.descriptor.pointee.feed(
            parser, base, data.count, offset, end ? UInt32(TB_FEED_END_OF_INPUT) : 0, &consumed)
        context.endCall()
        if let violation = context.violation {
            throw HostError.contractViolation(connector: connector, detail: violation)
        }
        guard status == tb_status(TB_OK) else {
            throw HostError.pluginFailed(connector: connector, operation: "feed", status: status, message: context.errorMessage)
        }
        guard consumed >= 0, consumed <= data.count else {
            throw HostError.contractViolation(connector: connector, detail: "consumed \(consumed) of \(data.count) bytes")
        }
        offset += UInt64(consumed)
        return consumed
    }
}

/// What a parser produced in one step.
public struct ParserOutput: Sendable {
    /// Valid call records, in compact form.
    public var calls: CallBatch
    /// Quarantined spans (never ``RejectReason/skipped`` ones).
    public var rejects: [QuarantinedInput]
    /// Number of skipped spans (headers, blank lines, records without calls).
    public var skipped: Int
    /// The skipped spans themselves, in the order the plugin reported them.
    public var skippedSpans: [SourceSpan]
    /// Record strings that were not valid UTF-8 (only when ``ParserSession/inspectsStrings`` is set).
    public var invalidTextFields: [InvalidTextField]
    /// Records refused because their local wall-clock times are out of order once converted
    /// (each is also among ``rejects``, as an out-of-range reject). Not carried across worker
    /// processes: the certification suite reads it in process.
    public var localTimeProblems: [LocalTimeProblem]

    /// The call records as ``CallRecord`` values.
    public var records: [CallRecord] { calls.records }

    /// Creates an output.
    public init(calls: CallBatch, rejects: [QuarantinedInput], skipped: Int, skippedSpans: [SourceSpan] = [],
                invalidTextFields: [InvalidTextField] = [], localTimeProblems: [LocalTimeProblem] = []) {
        self.calls = calls
        self.rejects = rejects
        self.skipped = skipped
        self.skippedSpans = skippedSpans
        self.invalidTextFields = invalidTextFields
        self.localTimeProblems = localTimeProblems
    }
}
