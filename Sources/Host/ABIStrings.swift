internal import PluginAPI

extension tb_str {
    /// The slice as a Swift string (invalid UTF-8 replaced); "" for an empty or NULL slice.
    var string: String {
        guard len > 0, let ptr else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: ptr, count: len), as: UTF8.self)
    }

    /// Whether the slice is well-formed: a NULL pointer only with length 0.
    var isWellFormed: Bool { len == 0 || ptr != nil }
}

/// Runs `body` with a `tb_str` that borrows `text`'s UTF-8 bytes.
func withABIString<T>(_ text: String, _ body: (tb_str) throws -> T) rethrows -> T {
    var text = text
    return try text.withUTF8 { buffer in
        let pointer = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
        return try body(tb_str(ptr: pointer, len: buffer.count))
    }
}
