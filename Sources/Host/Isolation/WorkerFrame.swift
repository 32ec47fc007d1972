/// One message on a parser worker's pipes: a 12-byte header (magic `"TBW1"`, kind, flags, two
/// zero bytes, payload length) and the payload. Requests go to the worker's stdin, replies come
/// back on its protocol descriptor (its original stdout). With the `shared` flag the payload is
/// not on the pipe but at the start of the ``SharedRegion``.
struct WorkerFrame {
    /// What a frame is.
    enum Kind: UInt8 {
        /// Parent → worker: create the parser (options, source name, time zone id, string inspection).
        case create = 1
        /// Parent → worker: consume a window (end flag, then the window's bytes).
        case consume = 2
        /// Parent → worker: skip bytes of the source (u64 count).
        case skip = 3
        /// Worker → parent: done (plugin id, the parser's offset).
        case ready = 0x41
        /// Worker → parent: the consumed count, the parser's offset and its output.
        case output = 0x42
        /// Worker → parent: the request failed (an encoded ``HostError`` or other error).
        case failure = 0x43
    }

    static let magic: UInt32 = 0x3157_4254  // "TBW1"
    static let headerSize = 12
    /// Largest payload accepted (a window can grow to ``ParserSession/maximumPendingBytes``).
    static let maximumPayload = ParserSession.maximumPendingBytes + (64 << 20)

    var kind: Kind
    var payload: [UInt8]

    /// The header for a payload of `length` bytes.
    static func header(kind: Kind, length: Int, shared: Bool = false) -> [UInt8] {
        var writer = WireWriter(reserving: headerSize)
        writer.append(magic)
        writer.append(kind.rawValue)
        writer.append(UInt8(shared ? 1 : 0))
        writer.append(UInt16(0))
        writer.append(UInt32(truncatingIfNeeded: length))
        return writer.bytes
    }

    /// Parses a header; returns the kind, the payload length and whether the payload is in the
    /// shared region.
    /// - Throws: ``WorkerProtocolError`` for anything but a valid header.
    static func parseHeader(_ bytes: UnsafeRawBufferPointer) throws -> (kind: Kind, length: Int, shared: Bool) {
        var reader = WireReader(bytes)
        guard try reader.read(UInt32.self) == magic else { throw WorkerProtocolError("bad frame magic (garbage on the pipe)") }
        let raw = try reader.read(UInt8.self)
        guard let kind = Kind(rawValue: raw) else { throw WorkerProtocolError("unknown frame kind \(raw)") }
        let flags = try reader.read(UInt8.self)
        _ = try reader.read(UInt16.self)
        let length = Int(try reader.read(UInt32.self))
        guard length <= maximumPayload else { throw WorkerProtocolError("frame of \(length) bytes is too large") }
        return (kind, length, flags & 1 != 0)
    }
}
