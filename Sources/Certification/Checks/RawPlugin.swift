#if canImport(Glibc)
import Glibc
#endif
import Foundation
internal import PluginAPI

/// A plugin opened the way the host opens it, but without the host's refusals: the load checks
/// look at each step (symbol, magic, versions, sizes) separately.
struct RawPlugin {
    /// Why a step failed.
    enum Failure: Error {
        case cannotOpen(String)
        case noEntrySymbol
        case entryReturnedNull
    }

    let entry: tb_plugin_entry_fn
    let descriptor: UnsafePointer<tb_plugin_descriptor>
    /// Milliseconds `dlopen` plus the first entry call took.
    let loadMilliseconds: Double

    /// Opens `path` with `RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE` and calls the entry once.
    init(path: String) throws(Failure) {
        let start = DispatchTime.now().uptimeNanoseconds
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            throw .cannotOpen(dlerror().map { String(cString: $0) } ?? "unknown dlopen error")
        }
        _ = dlerror()
        guard let symbol = dlsym(handle, TB_PLUGIN_ENTRY_SYMBOL) else { throw .noEntrySymbol }
        entry = unsafeBitCast(symbol, to: tb_plugin_entry_fn.self)
        guard let descriptor = entry(UInt16(TB_ABI_MAJOR), UInt16(TB_ABI_MINOR)) else { throw .entryReturnedNull }
        self.descriptor = descriptor
        loadMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    private var head: UnsafeRawPointer { UnsafeRawPointer(descriptor) }
    /// The magic number (first 4 bytes).
    var magic: UInt32 { head.loadUnaligned(fromByteOffset: 0, as: UInt32.self) }
    /// The declared struct size.
    var structSize: UInt32 { head.loadUnaligned(fromByteOffset: 4, as: UInt32.self) }
    /// ABI major the plugin was built against.
    var abiMajor: UInt16 { head.loadUnaligned(fromByteOffset: 8, as: UInt16.self) }
    /// ABI minor the plugin was built against.
    var abiMinor: UInt16 { head.loadUnaligned(fromByteOffset: 10, as: UInt16.self) }
    /// The oldest host minor the plugin works with.
    var minimumHostMinor: UInt16 { head.loadUnaligned(fromByteOffset: 12, as: UInt16.self) }

    /// The size of a version 1.0 descriptor (`TB_DESCRIPTOR_V1_0_SIZE`).
    static var v1DescriptorSize: UInt32 { tb_descriptor_v1_0_size() }

    /// The descriptor as this host reads it: min(struct_size, sizeof) bytes, zero beyond (only
    /// call once ``structSize`` is at least ``v1DescriptorSize``).
    var knownDescriptor: tb_plugin_descriptor {
        var copy = tb_plugin_descriptor()
        let count = min(Int(structSize), MemoryLayout<tb_plugin_descriptor>.size)
        withUnsafeMutableBytes(of: &copy) { $0.copyMemory(from: UnsafeRawBufferPointer(start: head, count: count)) }
        return copy
    }

    /// The size of this host's descriptor struct.
    static var hostDescriptorSize: UInt32 { UInt32(MemoryLayout<tb_plugin_descriptor>.size) }
    /// The host's ABI major.
    static var hostMajor: UInt16 { UInt16(TB_ABI_MAJOR) }
    /// The host's ABI minor.
    static var hostMinor: UInt16 { UInt16(TB_ABI_MINOR) }
    /// The host's magic number.
    static var hostMagic: UInt32 { UInt32(TB_ABI_MAGIC) }
}
