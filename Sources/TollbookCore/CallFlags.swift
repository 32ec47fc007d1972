/// Markers of a call leg. The low 16 bits are the ABI's `TB_FLAG_*` bits, the high bits the host's.
public struct CallFlags: OptionSet, Sendable, Hashable {
    /// The raw bits.
    public var rawValue: UInt32

    /// Creates flags from raw bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Joined or set up by a transfer.
    public static let transferred = CallFlags(rawValue: 1 << 0)
    /// Ended because a transfer split it off.
    public static let transferSplit = CallFlags(rawValue: 1 << 1)
    /// Forwarded or redirected.
    public static let forwarded = CallFlags(rawValue: 1 << 2)
    /// A conference-bridge leg.
    public static let conference = CallFlags(rawValue: 1 << 3)
    /// A recording leg (not a call).
    public static let recording = CallFlags(rawValue: 1 << 4)
    /// A monitoring leg (not a call).
    public static let monitoring = CallFlags(rawValue: 1 << 5)
    /// Offered through a hunt group.
    public static let huntGroup = CallFlags(rawValue: 1 << 6)
    /// Answered by voicemail.
    public static let voicemail = CallFlags(rawValue: 1 << 7)
    /// A time or duration hit the format's maximum.
    public static let timeSaturated = CallFlags(rawValue: 1 << 8)
    /// A callback / DISA leg.
    public static let callback = CallFlags(rawValue: 1 << 9)
    /// `remote` of an outgoing leg is in network format (as the trunk sent it), not as dialled.
    public static let remoteNetworkFormat = CallFlags(rawValue: 1 << 10)
    /// Host: a local time fell in the repeated autumn hour; the earlier instant was taken.
    public static let ambiguousLocalTime = CallFlags(rawValue: 1 << 16)
    /// Host: a local time fell in the skipped spring hour; it was moved forward.
    public static let nonexistentLocalTime = CallFlags(rawValue: 1 << 17)

    /// The bits a plugin may set.
    public static let pluginMask: UInt32 = 0xFFFF

    /// Names of the set flags, in a stable order (for JSON and CSV output).
    public var names: [String] {
        Self.named.compactMap { contains($0.flag) ? $0.name : nil }
    }

    private static let named: [(flag: CallFlags, name: String)] = [
        (.transferred, "transferred"), (.transferSplit, "transfer_split"), (.forwarded, "forwarded"),
        (.conference, "conference"), (.recording, "recording"), (.monitoring, "monitoring"),
        (.huntGroup, "hunt_group"), (.voicemail, "voicemail"), (.timeSaturated, "time_saturated"),
        (.callback, "callback"), (.remoteNetworkFormat, "remote_network_format"), (.ambiguousLocalTime, "ambiguous_local_time"),
        (.nonexistentLocalTime, "nonexistent_local_time"),
    ]
}

/// The one kind a leg is billed as, derived from its flags (most specific first).
public enum LegKind: String, Sendable, CaseIterable {
    /// An ordinary call leg.
    case normal
    /// A recording leg: never billed.
    case recording
    /// A monitoring leg: never billed.
    case monitoring
    /// A conference-bridge leg.
    case conference
    /// A leg created or ended by a transfer.
    case transfer
    /// A forwarded call.
    case forward

    /// Derives the kind from flags: recording, monitoring, conference, transfer, forward, normal.
    public init(flags: CallFlags) {
        if flags.contains(.recording) {
            self = .recording
        } else if flags.contains(.monitoring) {
            self = .monitoring
        } else if flags.contains(.conference) {
            self = .conference
        } else if !flags.isDisjoint(with: [.transferred, .transferSplit]) {
            self = .transfer
        } else if flags.contains(.forwarded) {
            self = .forward
        } else {
            self = .normal
        }
    }
}
