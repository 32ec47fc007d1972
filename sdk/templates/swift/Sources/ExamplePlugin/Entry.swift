import CTollbookPlugin

/// The plugin's one exported symbol (`tollbook_plugin_entry` in the SDK header): returns the
/// static descriptor, or nil when the host speaks another ABI major version.
///
/// `@c` (Swift 6.3, SE-0495) exports exactly the C symbol; older compilers use the underscored
/// `@_cdecl`, which also exports a mangled Swift symbol (harmless, but not as tidy).
#if compiler(>=6.3)
@c(tollbook_plugin_entry)
#else
@_cdecl("tollbook_plugin_entry")
#endif
public func tollbookPluginEntry(_ hostABIMajor: UInt16, _ hostABIMinor: UInt16) -> UnsafePointer<tb_plugin_descriptor>? {
    guard hostABIMajor == UInt16(TB_ABI_MAJOR) else { return nil }
    return UnsafePointer(descriptorPointer)
}
