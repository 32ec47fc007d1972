import Foundation

/// Errors of writing a listing.
public enum ByteOutputError: Error, CustomStringConvertible, Equatable {
    /// `write(2)` failed (a closed pipe, a full disk, …).
    case writeFailed(errno: Int32)

    /// A message for the user.
    public var description: String {
        switch self {
        case let .writeFailed(code): return "cannot write the listing: \(String(cString: strerror(code)))"
        }
    }
}

/// A large reusable byte buffer that listings are encoded into, flushed to a file descriptor with
/// `write(2)` (or collected in memory, for tests) whenever it fills: memory stays constant
/// whatever the number of rows.
public final class ByteOutput {
    /// Where flushed bytes go.
    public enum Destination {
        /// A file descriptor (standard output: 1).
        case fileDescriptor(Int32)
        /// Kept in ``collected`` (tests and small outputs).
        case memory
    }

    private let destination: Destination
    private let capacity: Int
    private let storage: UnsafeMutablePointer<UInt8>
    /// Bytes in the buffer not yet flushed.
    private(set) var count = 0
    /// Everything flushed so far, for ``Destination/memory``.
    public private(set) var collected: [UInt8] = []

    /// Creates an output with a buffer of `capacity` bytes (1 MiB by default).
    public init(_ destination: Destination, capacity: Int = 1 << 20) {
        self.destination = destination
        self.capacity = max(capacity, 4096)
        storage = .allocate(capacity: self.capacity)
    }

    deinit {
        storage.deallocate()
    }

    /// Makes room for `needed` bytes, flushing when the buffer would overflow.
    @inline(__always)
    func reserve(_ needed: Int) throws {
        if count + needed > capacity { try flush() }
    }

    /// Appends one byte (the caller reserved room).
    @inline(__always)
    func put(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }

    /// Appends one byte, flushing first when full.
    @inline(__always)
    public func append(_ byte: UInt8) throws {
        if count == capacity { try flush() }
        storage[count] = byte
        count += 1
    }

    /// Appends `bytes`, flushing first when they do not fit (and writing very large values directly).
    @inline(__always)
    public func append(_ bytes: UnsafeRawBufferPointer) throws {
        if count + bytes.count > capacity {
            try flush()
            if bytes.count > capacity {
                try emit(bytes)
                return
            }
        }
        if let base = bytes.baseAddress, !bytes.isEmpty {
            (storage + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            count += bytes.count
        }
    }

    /// Appends `bytes`.
    @inline(__always)
    public func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    /// Appends the UTF-8 of `text`.
    public func append(_ text: String) throws {
        var text = text
        try text.withUTF8 { try append(UnsafeRawBufferPointer($0)) }
    }

    /// Hands the buffered bytes to the destination.
    public func flush() throws {
        guard count > 0 else { return }
        try emit(UnsafeRawBufferPointer(start: storage, count: count))
        count = 0
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws {
        switch destination {
        case .memory:
            collected.append(contentsOf: bytes)
        case let .fileDescriptor(fd):
            guard var next = bytes.baseAddress else { return }
            var left = bytes.count
            while left > 0 {
                let written = write(fd, next, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw ByteOutputError.writeFailed(errno: errno)
                }
                next += written
                left -= written
            }
        }
    }
}
