internal import PluginAPI
import TollbookCore

/// The host side of a parser's callbacks: collects and checks what the plugin hands over during
/// one feed() call. Reached from C through `tb_host.host_data`.
final class SessionContext {
    let converter: WallClockConverter
    var calls = CallBatch()
    var rejects: [QuarantinedInput] = []
    var skipped = 0
    /// The spans of skipped input (``RejectReason/skipped``), in the order reported.
    var skippedSpans: [SourceSpan] = []
    /// Whether to check every string of every record for valid UTF-8 (certification only).
    var inspectsStrings = false
    /// Whether to keep each accepted record's times as the plugin reported them (`plugin run`).
    var keepsReportedTimes = false
    /// The reported times of the accepted records, in the order of ``calls`` (only with ``keepsReportedTimes``).
    var reportedTimes: [ReportedTimes] = []
    /// String fields that were not valid UTF-8 (only with ``inspectsStrings``).
    var invalidTextFields: [InvalidTextField] = []
    /// Records refused because their local times are out of order once converted.
    var localTimeProblems: [LocalTimeProblem] = []
    var errorKey = ""
    var errorMessage = ""
    var violation: String?
    private var data = UnsafeRawBufferPointer(start: nil, count: 0)
    private var dataOffset: UInt64 = 0
    private var inCall = false

    init(converter: WallClockConverter) {
        self.converter = converter
    }

    func beginCall(data: UnsafeRawBufferPointer, offset: UInt64) {
        self.data = data
        dataOffset = offset
        inCall = true
        errorKey = ""
        errorMessage = ""
    }

    func endCall() {
        inCall = false
        data = UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// Whether a span lies inside the bytes of the current call.
    func contains(offset: UInt64, length: UInt64) -> Bool {
        guard offset >= dataOffset, length <= UInt64(data.count) else { return false }
        return offset - dataOffset <= UInt64(data.count) - length
    }

    /// The raw bytes of a span, or `nil` if it lies outside the bytes of the current call.
    func slice(offset: UInt64, length: UInt64) -> [UInt8]? {
        guard contains(offset: offset, length: length) else { return nil }
        let start = Int(offset - dataOffset)
        return Array(data[start..<start + Int(length)])
    }

    func emitRecords(_ pointer: UnsafePointer<tb_record>?, count: UInt32, stride: UInt32) -> tb_status {
        guard inCall else { return fail("emit_records called outside a feed call") }
        guard count > 0 else { return tb_status(TB_OK) }
        guard let pointer else { return fail("emit_records with a NULL array") }
        guard stride >= HostABI.minimumRecordSize else {
            return fail("record stride \(stride) is smaller than a version 1.0 record (\(HostABI.minimumRecordSize))")
        }
        let raw = UnsafeRawPointer(pointer)
        for index in 0..<Int(count) {
            let recordPointer = raw + index * Int(stride)
            var record = tb_record()
            // Read only what the plugin declared; newer plugins' extra tail fields are ignored.
            let declared = recordPointer.loadUnaligned(as: UInt32.self)
            guard declared >= HostABI.minimumRecordSize else {
                return fail("record struct_size \(declared) is smaller than a version 1.0 record")
            }
            guard declared <= stride else {
                return fail("record struct_size \(declared) is larger than the record stride \(stride)")
            }
            let size = Int(min(declared, UInt32(MemoryLayout<tb_record>.size)))
            withUnsafeMutableBytes(of: &record) { $0.copyMemory(from: UnsafeRawBufferPointer(start: recordPointer, count: size)) }
            accept(record)
        }
        return tb_status(TB_OK)
    }

    private func accept(_ record: tb_record) {
        if inspectsStrings {
            for field in RecordStrings.invalidUTF8Fields(record) {
                invalidTextFields.append(InvalidTextField(recordOffset: record.source_offset, field: field))
            }
        }
        guard contains(offset: record.source_offset, length: record.source_length) else {
            rejects.append(QuarantinedInput(
                reason: .pluginViolation, sourceOffset: record.source_offset, raw: [], field: "",
                message: "record span lies outside the bytes of the feed call"))
            return
        }
        if let problem = RecordConversion.append(record, converter: converter, to: &calls) {
            reportRefusal(record, problem)
        } else if keepsReportedTimes {
            reportedTimes.append(ReportedTimes(record))
        }
    }

    private func reportRefusal(_ record: tb_record, _ problem: RecordConversion.Problem) {
        let raw = slice(offset: record.source_offset, length: record.source_length) ?? []
        if problem.reason == .outOfRange {
            localTimeProblems.append(LocalTimeProblem(recordOffset: record.source_offset, field: problem.field,
                                                      message: problem.message))
        }
        let message = switch problem.reason {
        case .pluginViolation: "invalid record from the connector: \(problem.message)"
        case .outOfRange: "\(problem.message) once local times are converted"
        default: problem.message
        }
        rejects.append(QuarantinedInput(
            reason: problem.reason, sourceOffset: record.source_offset, raw: raw, field: problem.field,
            message: message))
    }

    func emitReject(_ pointer: UnsafePointer<tb_reject>?) -> tb_status {
        guard inCall else { return fail("emit_reject called outside a feed call") }
        guard let pointer else { return fail("emit_reject with a NULL reject") }
        var reject = tb_reject()
        let raw = UnsafeRawPointer(pointer)
        // Read min(struct_size, what this host knows); a newer plugin's tail fields are ignored,
        // an older (smaller, but at least version 1.0) reject is zero-filled.
        let declared = raw.loadUnaligned(as: UInt32.self)
        guard declared >= HostABI.minimumRejectSize else {
            return fail("reject struct_size \(declared) is smaller than a version 1.0 reject (\(HostABI.minimumRejectSize))")
        }
        let size = Int(min(declared, UInt32(MemoryLayout<tb_reject>.size)))
        withUnsafeMutableBytes(of: &reject) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: size)) }
        guard reject.field.isWellFormed, reject.message.isWellFormed else { return fail("reject with a NULL string") }
        guard let bytes = slice(offset: reject.source_offset, length: reject.source_length) else {
            return fail("reject span \(reject.source_offset)+\(reject.source_length) lies outside the bytes of the feed call")
        }
        let reason = RejectReason(abiCode: reject.reason)
        if reason == .skipped {
            skipped += 1
            skippedSpans.append(SourceSpan(offset: reject.source_offset, length: reject.source_length))
        } else {
            rejects.append(QuarantinedInput(
                reason: reason, sourceOffset: reject.source_offset, raw: bytes, field: reject.field.string,
                message: reject.message.string))
        }
        return tb_status(TB_OK)
    }

    func reportError(key: tb_str, message: tb_str) {
        errorKey = key.string
        errorMessage = message.string
    }

    private func fail(_ text: String) -> tb_status {
        if violation == nil { violation = text }
        return tb_status(TB_ERR_ABORTED)
    }
}

private func context(_ host: UnsafePointer<tb_host>?) -> SessionContext? {
    guard let data = host?.pointee.host_data else { return nil }
    return Unmanaged<SessionContext>.fromOpaque(data).takeUnretainedValue()
}

let sessionEmitRecords: @convention(c) (UnsafePointer<tb_host>?, UnsafePointer<tb_record>?, UInt32, UInt32) -> tb_status = {
    host, records, count, stride in
    context(host)?.emitRecords(records, count: count, stride: stride) ?? tb_status(TB_ERR_INVALID_ARGUMENT)
}

let sessionEmitReject: @convention(c) (UnsafePointer<tb_host>?, UnsafePointer<tb_reject>?) -> tb_status = { host, reject in
    context(host)?.emitReject(reject) ?? tb_status(TB_ERR_INVALID_ARGUMENT)
}

let sessionReportError: @convention(c) (UnsafePointer<tb_host>?, tb_str, tb_str) -> Void = { host, key, message in
    context(host)?.reportError(key: key, message: message)
}

let sessionLog: @convention(c) (UnsafePointer<tb_host>?, Int32, tb_str) -> Void = { _, level, message in
    PluginLogSink.write(level: level, message: message.string)
}
