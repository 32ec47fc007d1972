/// A bump allocator for strings a parser derives from its input (ids, correlation keys, unescaped
/// quoted fields, formatted addresses).
///
/// Memory is handed out from fixed blocks that are never moved or reallocated, so every pointer
/// stays valid until `reset()`, which the parser calls only after the pending batch has been
/// emitted. Blocks are kept for reuse: a steady stream of rows allocates nothing.
final class Arena {
    /// Size of one block; larger requests get a block of their own.
    private static let blockSize = 64 * 1024

    /// All blocks allocated so far, in use order.
    private var blocks: [(base: UnsafeMutablePointer<UInt8>, size: Int)] = []
    /// Index of the block currently being filled.
    private var current = 0
    /// Bytes used in the current block.
    private var used = 0

    /// Creates an arena with one block.
    init() {
        blocks.append((UnsafeMutablePointer<UInt8>.allocate(capacity: Arena.blockSize), Arena.blockSize))
    }

    deinit {
        for block in blocks { block.base.deallocate() }
    }

    /// Returns `count` writable bytes that stay valid until the next `reset()`.
    func allocate(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if used + count <= blocks[current].size {
            let pointer = blocks[current].base + used
            used += count
            return pointer
        }
        // Find the next block with room, or make one.
        var index = current + 1
        while index < blocks.count && blocks[index].size < count { index += 1 }
        if index >= blocks.count {
            let size = max(Arena.blockSize, count)
            blocks.append((UnsafeMutablePointer<UInt8>.allocate(capacity: size), size))
            index = blocks.count - 1
        } else if index != current + 1 {
            // Keep blocks in use order: move the fitting block right after the current one.
            blocks.swapAt(index, current + 1)
            index = current + 1
        }
        current = index
        used = count
        return blocks[current].base
    }

    /// Makes all memory reusable. Call only when no handed-out pointer is referenced any more.
    func reset() {
        current = 0
        used = 0
    }
}
