/// Why a roll-up command failed. Messages name ranges and entities, never a phone number.
public enum RollupError: Error, Equatable, CustomStringConvertible {
    /// `--from` is not before `--to`.
    case badRange(fromMs: Int64, toMs: Int64)
    /// A stored row could not be decoded.
    case corruptRow(entity: String, quarterMs: Int64, reason: String)
    /// The build was abandoned (``RollupCancellation``); nothing was written.
    case cancelled

    /// What went wrong.
    public var description: String {
        switch self {
        case let .badRange(fromMs, toMs):
            return "the range must end after it starts (from \(fromMs) ms, to \(toMs) ms)"
        case let .corruptRow(entity, quarterMs, reason):
            return "the stored roll-up of \(entity) at quarter \(quarterMs) ms cannot be read: \(reason) (run tollbook rollups rebuild)"
        case .cancelled:
            return "the roll-up build was abandoned before it wrote anything; the changes stay pending"
        }
    }
}
