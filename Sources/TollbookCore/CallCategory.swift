/// What a call was made for, the basis of the privacy rules (privacy package, retention): every
/// call has exactly one category. A call dialled with a private prefix or a private PIN is private
/// or PIN; one carrying a project code is a project call; everything else is business.
public enum CallCategory: String, CaseIterable, Sendable, Codable {
    /// A business call (the default).
    case business
    /// A business call booked to a project (a project code was given).
    case project
    /// A private call, dialled with a private prefix.
    case `private`
    /// A private call made with a personal PIN.
    case pin

    /// Whether the category is one of the two private ones (private, PIN).
    public var isPrivate: Bool { self == .private || self == .pin }
}
