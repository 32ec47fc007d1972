import PluginAPI

/// TB_FLAG_* bits as a Swift option set, for readable expectations.
struct CallFlags: OptionSet, Hashable, CustomStringConvertible {
    let rawValue: UInt32
    static let transferred = CallFlags(rawValue: 1 << 0)
    static let transferSplit = CallFlags(rawValue: 1 << 1)
    static let forwarded = CallFlags(rawValue: 1 << 2)
    static let conference = CallFlags(rawValue: 1 << 3)
    static let recording = CallFlags(rawValue: 1 << 4)
    static let monitoring = CallFlags(rawValue: 1 << 5)
    static let huntGroup = CallFlags(rawValue: 1 << 6)
    static let voicemail = CallFlags(rawValue: 1 << 7)
    static let timeSaturated = CallFlags(rawValue: 1 << 8)
    static let callback = CallFlags(rawValue: 1 << 9)
    static let remoteNetworkFormat = CallFlags(rawValue: 1 << 10)

    var description: String {
        let names = ["transferred", "transferSplit", "forwarded", "conference", "recording", "monitoring",
                     "huntGroup", "voicemail", "timeSaturated", "callback", "remoteNetworkFormat"]
        let set = names.indices.filter { rawValue & (1 << UInt32($0)) != 0 }.map { names[$0] }
        return "[" + set.joined(separator: ", ") + "]"
    }
}

/// tb_direction values.
enum Direction: Int32 { case unknown = 0, incoming, outgoing, internalCall }
/// tb_disposition values.
enum Disposition: Int32 { case unknown = 0, answered, noAnswer, busy, failed, rejected }

/// The comparable content of a record (everything except where it lies in the source).
struct CallFields: Equatable {
    var vendorRecordID = ""
    var correlationID = ""
    var timeBasisUTC = true
    var startUs: Int64 = Int64.min
    var answerUs: Int64 = Int64.min
    var endUs: Int64 = Int64.min
    var ringMs: Int64 = Int64.min
    var talkMs: Int64 = Int64.min
    var calling = ""
    var called = ""
    var originalCalled = ""
    var connected = ""
    var redirecting = ""
    var extensionNumber = ""
    var remote = ""
    var direction = Direction.unknown
    var disposition = Disposition.unknown
    var trunk = ""
    var device = ""
    var remoteDevice = ""
    var huntGroup = ""
    var accountCode = ""
    var pin = ""
    var projectCode = ""
    var cause: Int64 = Int64.min
    var causeText = ""
    var chargeUnits: Int64 = Int64.min
    var chargeMinor: Int64 = Int64.min
    var chargeCurrency = ""
    var flags: CallFlags = []
    var extra: [String: String] = [:]

    /// The names of the properties that differ from `other`, with both values.
    func differences(from other: CallFields) -> [String] {
        let mine = Mirror(reflecting: self).children, theirs = Mirror(reflecting: other).children
        return zip(mine, theirs).compactMap { a, b in
            if a.label == "extra" {
                return extra == other.extra ? nil : "extra: got \(extra.sorted { $0.key < $1.key }), expected \(other.extra.sorted { $0.key < $1.key })"
            }
            let x = String(describing: a.value), y = String(describing: b.value)
            return x == y ? nil : "\(a.label ?? "?"): got \(x), expected \(y)"
        }
    }
}

/// A record as received from the plugin.
struct ParsedRecord: Equatable {
    var sourceOffset: UInt64
    var sourceLength: UInt64
    var structSize: UInt32
    var fields: CallFields
    var duplicateExtraKeys: Bool

    init(_ r: tb_record) {
        sourceOffset = r.source_offset
        sourceLength = r.source_length
        structSize = r.struct_size
        var f = CallFields()
        f.vendorRecordID = r.vendor_record_id.string
        f.correlationID = r.correlation_id.string
        f.timeBasisUTC = r.time_basis == TB_TIME_UTC
        f.startUs = r.start_us
        f.answerUs = r.answer_us
        f.endUs = r.end_us
        f.ringMs = r.ring_ms
        f.talkMs = r.talk_ms
        f.calling = r.calling.string
        f.called = r.called.string
        f.originalCalled = r.original_called.string
        f.connected = r.connected.string
        f.redirecting = r.redirecting.string
        f.extensionNumber = r.extension.string
        f.remote = r.remote.string
        f.direction = Direction(rawValue: r.direction) ?? .unknown
        f.disposition = Disposition(rawValue: r.disposition) ?? .unknown
        f.trunk = r.trunk.string
        f.device = r.device.string
        f.remoteDevice = r.remote_device.string
        f.huntGroup = r.hunt_group.string
        f.accountCode = r.account_code.string
        f.pin = r.pin.string
        f.projectCode = r.project_code.string
        f.cause = r.cause
        f.causeText = r.cause_text.string
        f.chargeUnits = r.charge_units
        f.chargeMinor = r.charge_minor
        f.chargeCurrency = r.charge_currency.string
        f.flags = CallFlags(rawValue: r.flags)
        var duplicate = false
        if let extra = r.extra {
            for i in 0..<Int(r.extra_count) {
                let key = extra[i].key.string
                if f.extra[key] != nil { duplicate = true }
                f.extra[key] = extra[i].value.string
            }
        }
        duplicateExtraKeys = duplicate
        fields = f
    }
}

/// A reject (or skipped span) as received from the plugin.
struct ParsedReject: Equatable {
    var reason: Int32
    var sourceOffset: UInt64
    var sourceLength: UInt64
    var field: String
    var message: String

    init(_ r: tb_reject) {
        reason = r.reason
        sourceOffset = r.source_offset
        sourceLength = r.source_length
        field = r.field.string
        message = r.message.string
    }

    /// Reject reasons, for readable expectations.
    static let skipped = Int32(TB_REJECT_SKIPPED), malformed = Int32(TB_REJECT_MALFORMED),
        missingField = Int32(TB_REJECT_MISSING_FIELD), outOfRange = Int32(TB_REJECT_OUT_OF_RANGE),
        unsupported = Int32(TB_REJECT_UNSUPPORTED), truncated = Int32(TB_REJECT_TRUNCATED)
}

/// One callback from the plugin, in order.
enum ParseEvent: Equatable {
    case record(ParsedRecord)
    case reject(ParsedReject)

    /// The source span this event accounts for.
    var span: (offset: UInt64, length: UInt64) {
        switch self {
        case .record(let r): (r.sourceOffset, r.sourceLength)
        case .reject(let r): (r.sourceOffset, r.sourceLength)
        }
    }
}

/// An error the plugin reported through host->report_error.
struct ReportedError: Equatable {
    var key: String
    var message: String
}

/// Everything one parse produced.
struct ParseOutcome {
    var createStatus: tb_status
    var feedStatus: tb_status?
    var events: [ParseEvent]
    var errors: [ReportedError]
    var recordBatchSizes: [Int]
    var consumedAll: Bool
    var inputLength: Int
    /// The plugin's log lines (level, message), in order.
    var logs: [(level: Int32, message: String)] = []

    var records: [ParsedRecord] {
        events.compactMap { if case .record(let r) = $0 { r } else { nil } }
    }
    var rejects: [ParsedReject] {
        events.compactMap { if case .reject(let r) = $0 { r } else { nil } }
    }
    /// Rejects that are not skipped spans.
    var errorsRejects: [ParsedReject] { rejects.filter { $0.reason != ParsedReject.skipped } }
    var skipped: [ParsedReject] { rejects.filter { $0.reason == ParsedReject.skipped } }
}
