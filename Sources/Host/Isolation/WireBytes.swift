/// Builds the payload of a worker frame: little-endian integers and length-prefixed byte strings.
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    init(reserving capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A byte string: its length (u32), then the bytes.
    mutating func append(bytes data: UnsafeRawBufferPointer) {
        append(UInt32(truncatingIfNeeded: data.count))
        bytes.append(contentsOf: data)
    }

    /// A byte string: its length (u32), then the bytes.
    mutating func append(bytes data: [UInt8]) {
        data.withUnsafeBytes { append(bytes: $0) }
    }

    /// A string as UTF-8 bytes.
    mutating func append(string: String) {
        append(bytes: Array(string.utf8))
    }
}

/// Reads a worker frame's payload written by ``WireWriter``; every read is bounds-checked.
struct WireReader {
    private let data: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ data: UnsafeRawBufferPointer) {
        self.data = data
    }

    /// Whether every byte was read.
    var isAtEnd: Bool { position == data.count }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let size = MemoryLayout<T>.size
        guard data.count - position >= size else { throw WorkerProtocolError("payload ends inside a number") }
        defer { position += size }
        return T(littleEndian: data.loadUnaligned(fromByteOffset: position, as: T.self))
    }

    /// A length-prefixed byte string, without copying it.
    mutating func readBytes() throws -> UnsafeRawBufferPointer {
        let count = Int(try read(UInt32.self))
        guard data.count - position >= count else { throw WorkerProtocolError("payload ends inside a byte string") }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: data[position..<position + count])
    }

    mutating func readString() throws -> String {
        String(decoding: try readBytes(), as: UTF8.self)
    }

    /// The remaining bytes.
    mutating func readRest() -> UnsafeRawBufferPointer {
        defer { position = data.count }
        return UnsafeRawBufferPointer(rebasing: data[position...])
    }
}

/// The worker pipe carried something that is not a valid frame (garbage, a truncated frame).
struct WorkerProtocolError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
