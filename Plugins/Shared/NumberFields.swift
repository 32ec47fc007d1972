import PluginAPI

/// The number fields of a finished `tb_record`, checked against the dial-string rule of
/// `DialString` before the record joins a batch.
enum NumberFields {
    /// One number field of `tb_record`.
    enum Name: CaseIterable {
        case calling, called, originalCalled, connected, redirecting, extensionNumber, remote, huntGroup

        /// The ABI name of the field (what a reject names when the plugin has no better name).
        var abiName: StaticString {
            switch self {
            case .calling: return "calling"
            case .called: return "called"
            case .originalCalled: return "original_called"
            case .connected: return "connected"
            case .redirecting: return "redirecting"
            case .extensionNumber: return "extension"
            case .remote: return "remote"
            case .huntGroup: return "hunt_group"
            }
        }
    }

    /// The first number field of `r` that is neither empty, a dial string nor a URI, or nil
    /// (always nil for conference, recording and monitoring legs).
    static func firstInvalid(_ r: tb_record) -> Name? {
        if r.flags & DialString.exemptFlags != 0 { return nil }
        if !valid(r.calling) { return .calling }
        if !valid(r.called) { return .called }
        if !valid(r.original_called) { return .originalCalled }
        if !valid(r.connected) { return .connected }
        if !valid(r.redirecting) { return .redirecting }
        if !valid(r.extension) { return .extensionNumber }
        if !valid(r.remote) { return .remote }
        if !valid(r.hunt_group) { return .huntGroup }
        return nil
    }

    /// The reject message for a malformed number field (the host uses the same text).
    static let message: StaticString = "number field is not a dial string (digits and + * # X ?) or a URI"

    @inline(__always)
    private static func valid(_ s: tb_str) -> Bool {
        guard let p = s.ptr, s.len > 0 else { return true }
        return DialString.isValid(UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), s.len)
    }
}
