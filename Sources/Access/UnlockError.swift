/// Why a four-eyes unlock step was refused. Messages name users, unlock ids and options, never a
/// subject's name, a number or the purpose text.
public enum UnlockError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The actor is not a human user logged in with a password (the database owner or an API token).
    case notAHuman(step: String)
    /// The actor lacks the permission the step needs.
    case notPermitted(step: String, permission: String)
    /// The requester tried to approve their own request.
    case selfApproval(id: Int64)
    /// The purpose is empty.
    case purposeMissing
    /// No field was named.
    case noFields
    /// A field name is unknown.
    case unknownField(String)
    /// The period is empty or reversed.
    case emptyPeriod
    /// A date option is not a date.
    case badDate(option: String, text: String)
    /// The requester named themself as the subject (they see their own calls already).
    case ownCalls
    /// The unlock does not exist.
    case noSuchUnlock(Int64)
    /// The unlock is not in the state the step needs.
    case wrongState(id: Int64, status: String, step: String)
    /// `privacy.unlock.max_hours` is outside 1…24.
    case maxHoursOutOfRange(Int)

    /// A one-line message for the user.
    public var description: String {
        switch self {
        case .notAHuman(let step):
            return "\(step) needs a human user (--as USER); the database owner and API tokens cannot \(step)"
        case let .notPermitted(step, permission):
            return "\(step) needs the permission \(permission)"
        case .selfApproval(let id):
            return "unlock \(id) must be approved by a different person than its requester (four-eyes rule)"
        case .purposeMissing:
            return "--purpose is required: say why the detail is needed (it is shown to the subject)"
        case .noFields:
            return "--fields names no field; use one or more of \(UnlockField.allCases.map(\.rawValue).joined(separator: ", "))"
        case .unknownField(let name):
            return "--fields: unknown field '\(name)'; use \(UnlockField.allCases.map(\.rawValue).joined(separator: ", "))"
        case .emptyPeriod:
            return "--from must lie before --to"
        case let .badDate(option, text):
            return "\(option) '\(text)' is not a date such as 2026-05-01 or 2026-05-01T00:00:00Z"
        case .ownCalls:
            return "you see your own calls already; an unlock concerns another person"
        case .noSuchUnlock(let id):
            return "there is no unlock \(id) (see tollbook unlock list)"
        case let .wrongState(id, status, step):
            return "unlock \(id) is \(status): it cannot be \(step)"
        case .maxHoursOutOfRange(let hours):
            return "privacy.unlock.max_hours is \(hours): it must lie between 1 and 24"
        }
    }
}
