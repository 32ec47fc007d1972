/// Who started a call, seen from the organisation. Raw values are the stored and printed names.
public enum Direction: String, Sendable, CaseIterable {
    /// The plugin could not tell.
    case unknown
    /// From outside to the organisation.
    case incoming
    /// From the organisation to outside.
    case outgoing
    /// Between two parties of the organisation.
    case `internal`

    /// The ABI code (`TB_DIRECTION_*`), also the stored value.
    public var abiCode: Int32 {
        switch self {
        case .unknown: return 0
        case .incoming: return 1
        case .outgoing: return 2
        case .internal: return 3
        }
    }

    /// The value for an ABI code (`TB_DIRECTION_*`); unknown codes map to ``unknown``.
    public init(abiCode: Int32) {
        switch abiCode {
        case 1: self = .incoming
        case 2: self = .outgoing
        case 3: self = .internal
        default: self = .unknown
        }
    }
}

/// How a call leg ended. Raw values are the stored and printed names.
public enum Disposition: String, Sendable, CaseIterable {
    /// The plugin could not tell.
    case unknown
    /// The called party answered.
    case answered
    /// It rang and nobody answered.
    case noAnswer = "no_answer"
    /// The called party was busy.
    case busy
    /// A network or number failure.
    case failed
    /// Rejected by the called party or a policy.
    case rejected

    /// The ABI code (`TB_DISPOSITION_*`), also the stored value.
    public var abiCode: Int32 {
        switch self {
        case .unknown: return 0
        case .answered: return 1
        case .noAnswer: return 2
        case .busy: return 3
        case .failed: return 4
        case .rejected: return 5
        }
    }

    /// The value for an ABI code (`TB_DISPOSITION_*`); unknown codes map to ``unknown``.
    public init(abiCode: Int32) {
        switch abiCode {
        case 1: self = .answered
        case 2: self = .noAnswer
        case 3: self = .busy
        case 4: self = .failed
        case 5: self = .rejected
        default: self = .unknown
        }
    }
}
