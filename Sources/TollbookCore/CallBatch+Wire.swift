/// A ``CallBatch`` as bytes, for handing it to another process of the same build (a parser worker
/// and its parent): the rows as raw memory and the arena, behind a header that names the format
/// version and the row layout. Priced batches are not sent; pricing happens after parsing.
///
/// Layout (little-endian): `"TBCB"`, version (u16), row size (u16), row stride (u32), row count
/// (u32), arena length (u32), then `count × stride` row bytes, then the arena.
extension CallBatch {
    /// The version of the byte form.
    public static let wireVersion: UInt16 = 1
    private static let wireMagic: UInt32 = 0x4243_4254  // "TBCB"
    private static let wireHeaderSize = 20

    /// Appends the batch's byte form to `bytes` (the pricing, if any, is left out).
    public func appendWire(to bytes: inout [UInt8]) {
        bytes.reserveCapacity(bytes.count + wireSize)
        withWireParts { parts in
            for part in parts { bytes.append(contentsOf: part) }
        }
    }

    /// The size of the byte form.
    public var wireSize: Int {
        Self.wireHeaderSize + rows.count * MemoryLayout<Row>.stride + arena.count
    }

    /// Runs `body` with the byte form as consecutive parts (header, rows, arena), without copying
    /// the rows and the arena: for writing them straight to their destination.
    public func withWireParts<T>(_ body: ([UnsafeRawBufferPointer]) throws -> T) rethrows -> T {
        var header: [UInt8] = []
        header.reserveCapacity(Self.wireHeaderSize)
        Self.appendInteger(Self.wireMagic, to: &header)
        Self.appendInteger(Self.wireVersion, to: &header)
        Self.appendInteger(UInt16(truncatingIfNeeded: MemoryLayout<Row>.size), to: &header)
        Self.appendInteger(UInt32(MemoryLayout<Row>.stride), to: &header)
        Self.appendInteger(UInt32(rows.count), to: &header)
        Self.appendInteger(UInt32(arena.count), to: &header)
        return try header.withUnsafeBytes { head in
            try rows.withUnsafeBytes { rowBytes in
                try arena.withUnsafeBytes { arenaBytes in try body([head, rowBytes, arenaBytes]) }
            }
        }
    }

    /// Reads a batch from its byte form, checking the header, the row layout, every row's enum
    /// values and that every text lies inside the arena.
    /// - Throws: ``CallBatchWireError``.
    public init(wire: UnsafeRawBufferPointer) throws {
        self.init()
        guard wire.count >= Self.wireHeaderSize else { throw CallBatchWireError.truncated(expected: Self.wireHeaderSize, got: wire.count) }
        guard wire.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == Self.wireMagic else { throw CallBatchWireError.badMagic }
        let version = wire.loadUnaligned(fromByteOffset: 4, as: UInt16.self)
        guard version == Self.wireVersion else { throw CallBatchWireError.unsupportedVersion(version) }
        let size = Int(wire.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
        let stride = Int(wire.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard size == MemoryLayout<Row>.size, stride == MemoryLayout<Row>.stride else {
            throw CallBatchWireError.rowLayout(size: size, stride: stride)
        }
        let count = Int(wire.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        let arenaCount = Int(wire.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        let rowBytes = count * stride
        let expected = Self.wireHeaderSize + rowBytes + arenaCount
        guard wire.count == expected else { throw CallBatchWireError.truncated(expected: expected, got: wire.count) }
        let rowSource = UnsafeRawBufferPointer(rebasing: wire[Self.wireHeaderSize..<Self.wireHeaderSize + rowBytes])
        // Copy the raw rows first, then check the copy (the source may be memory another process
        // can write); a row is only used as a `Row` once its bytes passed the check.
        rows = try [Row](unsafeUninitializedCapacity: count) { buffer, initialised in
            initialised = 0
            guard count > 0 else { return }
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.copyMemory(from: rowSource)
            for index in 0..<count {
                if let problem = Self.check(UnsafeRawBufferPointer(raw), at: index * stride, arenaCount: arenaCount) {
                    throw CallBatchWireError.invalidRow(index: index, problem: problem)
                }
            }
            initialised = count
        }
        arena = Array(wire[(Self.wireHeaderSize + rowBytes)...])
    }

    /// Appends the legs of `other` (their text references moved past this batch's arena).
    /// For unpriced batches (as parsers produce them): `other`'s pricing is not copied.
    public mutating func append(contentsOf other: CallBatch) {
        guard !other.isEmpty else { return }
        if isEmpty, arena.isEmpty {
            rows = other.rows
            arena = other.arena
            return
        }
        let shift = UInt32(truncatingIfNeeded: arena.count)
        rows.reserveCapacity(rows.count + other.rows.count)
        for var row in other.rows {
            withUnsafeMutableBytes(of: &row) { bytes in
                for offset in Self.textOffsets where bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) > 0 {
                    let moved = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) &+ shift
                    bytes.storeBytes(of: moved, toByteOffset: offset, as: UInt32.self)
                }
            }
            rows.append(row)
        }
        arena.append(contentsOf: other.arena)
    }

    /// Every text field of a row.
    static var textFields: [WritableKeyPath<Row, Text>] { [
        \.vendorRecordID, \.correlationID, \.calling, \.called, \.originalCalled, \.connected, \.redirecting,
        \.extension, \.remote, \.accountCode, \.pin, \.projectCode, \.trunk, \.device, \.remoteDevice, \.huntGroup,
        \.causeText, \.chargeCurrency, \.extraJSON,
    ] }

    /// Byte offsets of the text fields in a row.
    private static let textOffsets: [Int] = textFields.compactMap { MemoryLayout<Row>.offset(of: $0) }
    private static let directionOffset = MemoryLayout<Row>.offset(of: \Row.direction) ?? 0
    private static let dispositionOffset = MemoryLayout<Row>.offset(of: \Row.disposition) ?? 0
    private static let directionCount = UInt8(Direction.allCases.count)
    private static let dispositionCount = UInt8(Disposition.allCases.count)

    /// What is wrong with the row at `start`, or `nil`.
    private static func check(_ rows: UnsafeRawBufferPointer, at start: Int, arenaCount: Int) -> String? {
        // Enums are stored as their case index (one byte): anything else is not a valid value.
        guard rows[start + directionOffset] < directionCount else { return "direction" }
        guard rows[start + dispositionOffset] < dispositionCount else { return "disposition" }
        let limit = UInt64(arenaCount)
        return textOffsets.withUnsafeBufferPointer { offsets in
            for offset in offsets {
                let textOffset = UInt64(rows.loadUnaligned(fromByteOffset: start + offset, as: UInt32.self))
                let length = UInt64(rows.loadUnaligned(fromByteOffset: start + offset + 4, as: UInt32.self))
                if length > 0, textOffset + length > limit { return "text outside the arena" }
            }
            return nil
        }
    }

    private static func appendInteger<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Why bytes are not a ``CallBatch``.
public enum CallBatchWireError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Fewer or more bytes than the header announces.
    case truncated(expected: Int, got: Int)
    /// The bytes do not start with the batch magic.
    case badMagic
    /// Another version of the byte form.
    case unsupportedVersion(UInt16)
    /// Rows of another layout (another build of Tollbook).
    case rowLayout(size: Int, stride: Int)
    /// A row holds an impossible value.
    case invalidRow(index: Int, problem: String)

    /// A message for the admin.
    public var description: String {
        switch self {
        case let .truncated(expected, got): return "call batch of \(got) bytes, expected \(expected)"
        case .badMagic: return "not a call batch (bad magic)"
        case let .unsupportedVersion(version): return "call batch version \(version) is not supported (expected \(CallBatch.wireVersion))"
        case let .rowLayout(size, stride):
            return "call batch rows of size \(size) / stride \(stride), expected \(MemoryLayout<CallBatch.Row>.size) / \(MemoryLayout<CallBatch.Row>.stride)"
        case let .invalidRow(index, problem): return "call batch row \(index) is invalid: \(problem)"
        }
    }
}
