/// The rule for number fields (calling, called, original called, connected, redirecting,
/// extension, remote, hunt group), as the host's import check and the certification's
/// `corpus.field_sanity` apply it. The alphabet itself is defined once, in `DialString`
/// (`Plugins/Shared/DialString.swift`, compiled into this module and into every bundled connector).
///
/// Valid: empty; a dial string of `0-9 + * # X x ?`; or a URI without white space (`sip:`,
/// `sips:`, `tel:`, `h323:`, or `user@host`). Legs flagged conference, recording or monitoring
/// are not checked (their parties may be bridge or media-resource ids).
public enum NumberField {
    /// The ABI names of the number fields, in the order they are checked.
    public static let names = ["calling", "called", "original_called", "connected", "redirecting", "extension", "remote", "hunt_group"]

    /// The characters of a dial string, as text (for messages and documentation).
    public static let alphabet = "0123456789+*#Xx?"

    /// Legs whose number fields are not checked.
    public static let exemptFlags = CallFlags(rawValue: DialString.exemptFlags)

    /// The message of the host's reject when a connector hands over a number field that breaks
    /// the rule (reason ``RejectReason/malformed``, field = the ABI field name).
    public static let rejectMessage = "number field is not a dial string (digits and + * # X ?) or a URI"

    /// Whether `text` is a valid number field.
    public static func isValid(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { DialString.isValid($0) }
    }

    /// Whether the bytes are a valid number field.
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        DialString.isValid(bytes.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether a leg with `flags` has its number fields checked.
    public static func isChecked(flags: CallFlags) -> Bool {
        flags.isDisjoint(with: exemptFlags)
    }
}
