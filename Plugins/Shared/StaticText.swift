import PluginAPI

/// Helpers that turn Swift text into the ABI's `tb_str` without copying.
enum StaticText {
    /// A `tb_str` over a string literal. Literals live in the library's constant data, so the
    /// pointer stays valid for the life of the process (the descriptor and messages rely on it).
    @inline(__always)
    static func str(_ text: StaticString) -> tb_str {
        text.withUTF8Buffer { buffer in
            tb_str(ptr: UnsafeRawPointer(buffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) },
                   len: buffer.count)
        }
    }

    /// A `tb_str` over `count` bytes at `pointer` (zero copy). An empty slice has a nil pointer.
    @inline(__always)
    static func slice(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> tb_str {
        if count == 0 { return tb_str(ptr: nil, len: 0) }
        return tb_str(ptr: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self), len: count)
    }

    /// The empty string.
    static var empty: tb_str { tb_str(ptr: nil, len: 0) }
}
