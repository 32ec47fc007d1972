import PluginAPI

/// The plugin's one exported symbol: returns the static descriptor, or nil when the host speaks
/// another ABI major version.
@c(tollbook_plugin_entry)
public func tollbookPluginEntry(_ hostABIMajor: UInt16, _ hostABIMinor: UInt16) -> UnsafePointer<tb_plugin_descriptor>? {
    guard hostABIMajor == UInt16(TB_ABI_MAJOR) else { return nil }
    return UnsafePointer(descriptorPointer)
}
