#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import PluginAPI

/// A connector plugin loaded into this process with `dlopen`.
///
/// Loaded with `RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE` and never closed: unloading Swift code is
/// unsafe, so a plugin stays mapped for the life of the process.
///
/// `@unchecked Sendable`: immutable after loading (the descriptor points into a library that is never
/// unloaded); the plugin contract requires its global functions to be callable from any thread, and
/// a parser of it is used by one thread at a time.
public final class PluginLibrary: @unchecked Sendable {
    /// What the plugin says about itself.
    public let info: PluginInfo
    /// The host's copy of the plugin's descriptor: the first min(struct_size, sizeof) bytes,
    /// zero beyond (see the header's growth rules).
    let descriptor: UnsafePointer<tb_plugin_descriptor>

    /// Loads the shared object at `path` and checks its ABI.
    /// - Throws: ``PluginLoadError`` naming the file and the reason.
    public init(path: String) throws {
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw PluginLoadError.cannotLoad(path: path, reason: reason)
        }
        _ = dlerror()
        guard let symbol = dlsym(handle, TB_PLUGIN_ENTRY_SYMBOL) else {
            throw PluginLoadError.notAPlugin(path: path)
        }
        let entry = unsafeBitCast(symbol, to: tb_plugin_entry_fn.self)
        guard let raw = entry(HostABI.major, HostABI.minor) else {
            throw PluginLoadError.refusedByPlugin(path: path)
        }
        // Read magic, size and versions first: the rest may not even be there.
        let head = UnsafeRawPointer(raw)
        let fingerprint = ABIFingerprint(
            magic: head.loadUnaligned(fromByteOffset: 0, as: UInt32.self),
            structSize: head.loadUnaligned(fromByteOffset: 4, as: UInt32.self),
            major: head.loadUnaligned(fromByteOffset: 8, as: UInt16.self),
            minor: head.loadUnaligned(fromByteOffset: 10, as: UInt16.self),
            minimumHostMinor: head.loadUnaligned(fromByteOffset: 12, as: UInt16.self))
        if let refusal = fingerprint.refusal() {
            throw PluginLoadError.incompatible(path: path, reason: refusal)
        }
        // Read min(struct_size, what this host knows): a smaller (older) descriptor is zero-filled,
        // the tail of a larger (newer) one is not read. The copy lives as long as this object.
        let copy = UnsafeMutablePointer<tb_plugin_descriptor>.allocate(capacity: 1)
        let known = MemoryLayout<tb_plugin_descriptor>.size
        copy.initialize(to: tb_plugin_descriptor())
        UnsafeMutableRawPointer(copy).copyMemory(from: head, byteCount: min(Int(fingerprint.structSize), known))
        let d = copy.pointee
        guard d.create != nil, d.feed != nil, d.destroy != nil else {
            copy.deallocate()
            throw PluginLoadError.incompatible(path: path, reason: "descriptor lacks create, feed or destroy")
        }
        let id = d.id.string
        guard Self.isValidID(id) else {
            copy.deallocate()
            throw PluginLoadError.incompatible(path: path, reason: "descriptor id '\(id)' is not a lower-case dotted id such as cisco.cucm")
        }
        descriptor = UnsafePointer(copy)
        var formats: [String] = []
        if let list = d.formats {
            for index in 0..<Int(min(d.format_count, 64)) { formats.append(list[index].string) }
        }
        info = PluginInfo(
            id: id, name: d.name.string, vendor: d.vendor.string, version: d.version.string,
            description: d.description.string, formats: formats, optionsSchema: d.options_schema.string,
            abiVersion: "\(fingerprint.major).\(fingerprint.minor)", path: path, hasProbe: d.probe != nil)
    }

    deinit {
        UnsafeMutablePointer(mutating: descriptor).deallocate()
    }

    /// Asks the plugin how sure it is that it can read input starting with `head` (0–100), or
    /// `nil` if it has no probe.
    public func probe(_ head: [UInt8]) -> Int? {
        guard let probe = descriptor.pointee.probe else { return nil }
        let score = head.withUnsafeBufferPointer { buffer in
            probe(buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
        }
        return Int(max(0, min(100, score)))
    }

    static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 128 else { return false }
        return id.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 46 || $0 == 45 || $0 == 95 }
    }
}

/// Why a shared object was not loaded as a plugin.
public enum PluginLoadError: Error, CustomStringConvertible, Equatable {
    /// `dlopen` failed (missing dependency, wrong architecture, not an ELF file).
    case cannotLoad(path: String, reason: String)
    /// The file has no `tollbook_plugin_entry` symbol.
    case notAPlugin(path: String)
    /// The entry returned NULL: the plugin refused this host.
    case refusedByPlugin(path: String)
    /// The ABI check failed.
    case incompatible(path: String, reason: String)

    /// The file concerned.
    public var path: String {
        switch self {
        case let .cannotLoad(path, _), let .notAPlugin(path), let .refusedByPlugin(path), let .incompatible(path, _):
            return path
        }
    }

    /// A message for the admin, naming the file and the reason.
    public var description: String {
        switch self {
        case let .cannotLoad(path, reason):
            return "\(path): cannot be loaded: \(reason)"
        case let .notAPlugin(path):
            return "\(path): not a Tollbook plugin (no \(TB_PLUGIN_ENTRY_SYMBOL) symbol); skipped"
        case let .refusedByPlugin(path):
            return "\(path): the plugin refused to run in this host (ABI \(HostABI.major).\(HostABI.minor))"
        case let .incompatible(path, reason):
            return "\(path): refused: \(reason)"
        }
    }
}
