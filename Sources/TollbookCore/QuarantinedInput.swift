/// Input a plugin could not turn into a call record, kept with its raw bytes so that it can be
/// re-imported after a fix.
public struct QuarantinedInput: Sendable, Equatable {
    /// Why the bytes were rejected.
    public var reason: RejectReason
    /// Byte offset of the first rejected byte in the source.
    public var sourceOffset: UInt64
    /// The rejected bytes.
    public var raw: [UInt8]
    /// The offending field's name, if the plugin named one.
    public var field: String
    /// What is wrong, without personal data.
    public var message: String

    /// Creates a quarantined span.
    public init(reason: RejectReason, sourceOffset: UInt64, raw: [UInt8], field: String, message: String) {
        self.reason = reason
        self.sourceOffset = sourceOffset
        self.raw = raw
        self.field = field
        self.message = message
    }
}

/// Why input was not turned into a record (the ABI's `TB_REJECT_*` plus host reasons).
public enum RejectReason: String, Sendable, CaseIterable {
    /// Not a record: header, blank line, a record kind without calls. Not quarantined.
    case skipped
    /// The bytes do not follow the format.
    case malformed
    /// A required field is empty or absent.
    case missingField = "missing_field"
    /// A field is not a number or date, or out of range.
    case outOfRange = "out_of_range"
    /// A variant of the format the plugin cannot read.
    case unsupported
    /// The input ended inside a record.
    case truncated
    /// Anything else the plugin reported.
    case other
    /// The host refused what the plugin produced (invalid record, span outside the input).
    case pluginViolation = "plugin_violation"
    /// The plugin's worker process crashed (a signal, an abnormal exit) while parsing these bytes.
    case pluginCrashed = "plugin_crashed"
    /// The plugin's worker process ran past its time limit while parsing these bytes.
    case pluginTimeout = "plugin_timeout"
    /// The plugin's worker process ran out of its memory limit while parsing these bytes.
    case pluginMemory = "plugin_memory"
    /// The plugin returned an error status (e.g. `TB_ERR_INTERNAL`) and could not go on with the
    /// stream: the bytes it had not parsed yet are kept under this reason, with its message.
    case pluginError = "plugin_error"
    /// A record that differs from the record the store already has under the same (source,
    /// vendor record id, start): quarantined with both versions, never silently dropped.
    case conflict

    /// Whether the plugin, not the input, is at fault: the host refused what it produced, the
    /// plugin returned an error, or its worker crashed, hung or ran out of memory. Imports count
    /// these as plugin violations.
    public var isPluginFault: Bool {
        switch self {
        case .pluginViolation, .pluginError, .pluginCrashed, .pluginTimeout, .pluginMemory: return true
        default: return false
        }
    }

    /// The value for an ABI code; unknown codes map to ``other``.
    public init(abiCode: Int32) {
        switch abiCode {
        case 0: self = .skipped
        case 1: self = .malformed
        case 2: self = .missingField
        case 3: self = .outOfRange
        case 4: self = .unsupported
        case 5: self = .truncated
        default: self = .other
        }
    }
}
