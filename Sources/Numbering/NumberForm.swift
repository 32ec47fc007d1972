/// How a number was written, as far as the normaliser understood it.
public enum NumberForm: String, Sendable, CaseIterable {
    /// Empty or an explicit "anonymous"/"withheld" marker: the number was not given.
    case withheld
    /// Written with a leading `+` (already E.164).
    case e164
    /// Written with the international prefix (Germany: `00`).
    case international
    /// Written with the national prefix (Germany: `0`).
    case national
    /// A subscriber number without area code (a local call).
    case subscriber
    /// A short code such as 110, 112, 115, 116xyz or 118xy.
    case shortCode
    /// An extension of the site's PBX.
    case `extension`
    /// A PBX feature code starting with `*` or `#`.
    case featureCode
    /// A device or bridge identifier with letters, such as a Cisco built-in-bridge number `b00…`.
    case identifier
    /// Anything else: stray characters, too long, or masked in the part that decides the form.
    case unrecognised
}
