import Foundation

/// Why a retention run or an erasure did not complete. Messages never name a person or a number.
public enum RetentionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A group rule names an org path the chart does not have.
    case unknownGroup(path: String)
    /// `--number` is not an E.164 number.
    case notE164
    /// The participant reference matched nobody (or several people).
    case noSuchParticipant(reason: String)
    /// The receipt signing key file is missing, unreadable, not a key or not mode 0600.
    case signingKey(path: String, reason: String)
    /// A file could not be written.
    case io(path: String, reason: String)
    /// The WAL could not be checkpointed after the deletion (the data is deleted; the WAL still holds old pages).
    case checkpoint(reason: String)

    /// A message for the user.
    public var description: String {
        switch self {
        case let .unknownGroup(path): return "privacy.retention.groups: there is no org node '\(path)'"
        case .notE164: return "--number must be an E.164 number such as +493012345678"
        case let .noSuchParticipant(reason): return "--participant: \(reason)"
        case let .signingKey(path, reason): return "erasure signing key \(path): \(reason)"
        case let .io(path, reason): return "\(path): \(reason)"
        case let .checkpoint(reason): return "the data is deleted, but the WAL could not be truncated: \(reason); run again when no other process reads the store"
        }
    }
}
