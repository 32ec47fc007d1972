/// The role a number plays in a call. Connectors hand numbers over as the PBX wrote them; the host,
/// which knows the call's direction, picks the role and with it how the number is read.
public enum NumberRole: Sendable, Equatable, CaseIterable {
    /// What a local party dialled: may carry an outside-line (trunk access) prefix and a
    /// call-by-call prefix, may be an extension, a feature code or an emergency number.
    case dialled
    /// A number the network presented for an incoming call: E.164, or in national/international
    /// format without the outside-line prefix, or a subscriber number without area code.
    case presented
    /// A local party's own extension or device number.
    case `internal`
}
