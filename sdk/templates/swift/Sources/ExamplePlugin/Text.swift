import CTollbookPlugin

/// Helpers that turn text into the ABI's `tb_str` without copying.
enum Text {
    /// A `tb_str` over a string literal. Literals live in the library's constant data, so the
    /// pointer stays valid for the life of the process (the descriptor relies on it).
    static func str(_ text: StaticString) -> tb_str {
        text.withUTF8Buffer { buffer in
            tb_str(ptr: UnsafeRawPointer(buffer.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) },
                   len: buffer.count)
        }
    }

    /// A `tb_str` over `count` bytes at `pointer`; an empty slice has a nil pointer.
    static func slice(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> tb_str {
        guard count > 0 else { return tb_str(ptr: nil, len: 0) }
        return tb_str(ptr: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self), len: count)
    }
}
