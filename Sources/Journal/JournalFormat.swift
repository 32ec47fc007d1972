import CZlib

/// The on-disk layout (docs/journal.md): little-endian, no padding.
///
/// Segment file header, 32 bytes:
/// `magic "TBJS" | u16 version | u16 header length (32) | u64 first seq | i64 created ms | u32 reserved (0) | u32 crc32 of bytes 0..<28`
///
/// Entry, 40 header bytes + origin + payload:
/// `magic "TBJE" | u32 crc32 of bytes 8..<end | u64 seq | u64 stream | i64 received ms | u32 payload length | u16 origin length | u16 flags`
enum JournalFormat {
    /// "TBJS" as a little-endian `UInt32`.
    static let segmentMagic: UInt32 = 0x534A_4254
    /// "TBJE" as a little-endian `UInt32`.
    static let entryMagic: UInt32 = 0x454A_4254
    /// The segment format version this code writes and reads.
    static let version: UInt16 = 1
    /// Bytes in the segment file header.
    static let segmentHeaderSize = 32
    /// Bytes in an entry header (before origin and payload).
    static let entryHeaderSize = 40
    /// The longest origin (UTF-8 bytes).
    static let maxOriginBytes = 1024
    /// The largest payload of one entry.
    static let maxPayloadBytes = 1 << 30
    /// Segment files: `<20-digit first seq>.tbj`.
    static let segmentSuffix = ".tbj"

    /// The decoded fixed part of an entry header.
    struct EntryHeader {
        var checksum: UInt32
        var seq: UInt64
        var stream: UInt64
        var receivedMs: Int64
        var payloadLength: Int
        var originLength: Int
        var flags: JournalEntryFlags

        /// Header, origin and payload bytes.
        var totalSize: Int { JournalFormat.entryHeaderSize + originLength + payloadLength }
    }

    /// Writes an entry header (checksum 0; see `sealEntry`) at `pointer`.
    static func encodeEntry(at pointer: UnsafeMutableRawPointer, seq: UInt64, stream: UInt64, receivedMs: Int64,
                            payloadLength: Int, originLength: Int, flags: JournalEntryFlags) {
        pointer.storeBytes(of: entryMagic.littleEndian, toByteOffset: 0, as: UInt32.self)
        pointer.storeBytes(of: UInt32(0), toByteOffset: 4, as: UInt32.self)
        pointer.storeBytes(of: seq.littleEndian, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: stream.littleEndian, toByteOffset: 16, as: UInt64.self)
        pointer.storeBytes(of: receivedMs.littleEndian, toByteOffset: 24, as: Int64.self)
        pointer.storeBytes(of: UInt32(payloadLength).littleEndian, toByteOffset: 32, as: UInt32.self)
        pointer.storeBytes(of: UInt16(originLength).littleEndian, toByteOffset: 36, as: UInt16.self)
        pointer.storeBytes(of: flags.rawValue.littleEndian, toByteOffset: 38, as: UInt16.self)
    }

    /// Stores the checksum of an encoded header + origin (contiguous at `pointer`) and a payload
    /// whose own CRC-32 is `payloadCRC`.
    static func sealEntry(at pointer: UnsafeMutableRawPointer, originLength: Int, payloadCRC: UInt32, payloadLength: Int) {
        var crc = crc(UnsafeRawBufferPointer(start: pointer + 8, count: entryHeaderSize - 8 + originLength))
        if payloadLength > 0 { crc = UInt32(crc32_combine(UInt(crc), UInt(payloadCRC), Int(payloadLength))) }
        pointer.storeBytes(of: crc.littleEndian, toByteOffset: 4, as: UInt32.self)
    }

    /// Decodes an entry header; `nil` if the magic is wrong.
    static func decodeEntry(_ pointer: UnsafeRawPointer) -> EntryHeader? {
        guard UInt32(littleEndian: pointer.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) == entryMagic else { return nil }
        return EntryHeader(
            checksum: UInt32(littleEndian: pointer.loadUnaligned(fromByteOffset: 4, as: UInt32.self)),
            seq: UInt64(littleEndian: pointer.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            stream: UInt64(littleEndian: pointer.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            receivedMs: Int64(littleEndian: pointer.loadUnaligned(fromByteOffset: 24, as: Int64.self)),
            payloadLength: Int(UInt32(littleEndian: pointer.loadUnaligned(fromByteOffset: 32, as: UInt32.self))),
            originLength: Int(UInt16(littleEndian: pointer.loadUnaligned(fromByteOffset: 36, as: UInt16.self))),
            flags: JournalEntryFlags(rawValue: UInt16(littleEndian: pointer.loadUnaligned(fromByteOffset: 38, as: UInt16.self))))
    }

    /// Why a decoded header cannot be right, before its checksum is even looked at; `nil` if plausible.
    static func implausibility(of header: EntryHeader) -> String? {
        if header.originLength > maxOriginBytes { return "origin length \(header.originLength) exceeds \(maxOriginBytes)" }
        if header.payloadLength > maxPayloadBytes { return "payload length \(header.payloadLength) exceeds \(maxPayloadBytes)" }
        if !JournalEntryFlags.known.isSuperset(of: header.flags) { return "unknown flag bits \(header.flags.rawValue)" }
        if header.flags.contains(.begin) ? header.stream != header.seq : header.stream >= header.seq {
            return "stream \(header.stream) does not fit entry \(header.seq) (flags \(header.flags.rawValue))"
        }
        return nil
    }

    /// The CRC-32 (zlib) of an entry's bytes after the magic and checksum fields.
    static func entryChecksum(_ entry: UnsafeRawBufferPointer) -> UInt32 {
        crc(UnsafeRawBufferPointer(rebasing: entry[8...]))
    }

    /// The segment file header for `firstSeq`.
    static func segmentHeader(firstSeq: UInt64, createdMs: Int64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: segmentHeaderSize)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: segmentMagic.littleEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: version.littleEndian, toByteOffset: 4, as: UInt16.self)
            raw.storeBytes(of: UInt16(segmentHeaderSize).littleEndian, toByteOffset: 6, as: UInt16.self)
            raw.storeBytes(of: firstSeq.littleEndian, toByteOffset: 8, as: UInt64.self)
            raw.storeBytes(of: createdMs.littleEndian, toByteOffset: 16, as: Int64.self)
            let sum = crc(UnsafeRawBufferPointer(rebasing: raw[0..<28]))
            raw.storeBytes(of: sum.littleEndian, toByteOffset: 28, as: UInt32.self)
        }
        return bytes
    }

    /// Checks a segment file header; returns its first seq, or what is wrong.
    static func decodeSegmentHeader(_ raw: UnsafeRawBufferPointer) -> Result<UInt64, SegmentHeaderProblem> {
        guard raw.count >= segmentHeaderSize else { return .failure(.init("file header is short (\(raw.count) bytes)")) }
        guard UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) == segmentMagic else {
            return .failure(.init("bad file magic"))
        }
        let stored = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
        guard stored == crc(UnsafeRawBufferPointer(rebasing: raw[0..<28])) else { return .failure(.init("file header checksum mismatch")) }
        let fileVersion = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self))
        guard fileVersion == version else { return .failure(.init("unsupported format version \(fileVersion)")) }
        let length = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 6, as: UInt16.self))
        guard Int(length) == segmentHeaderSize else { return .failure(.init("unexpected file header length \(length)")) }
        return .success(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    /// Why a segment file header was refused.
    struct SegmentHeaderProblem: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    /// zlib's CRC-32 of `bytes`.
    static func crc(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        var sum: UInt = 0
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, 1 << 30)
            sum = crc32(sum, (base + offset).assumingMemoryBound(to: UInt8.self), UInt32(chunk))
            offset += chunk
        }
        return UInt32(truncatingIfNeeded: sum)
    }

    /// The segment file name for `firstSeq`: `00000000000000000001.tbj`.
    static func segmentName(firstSeq: UInt64) -> String {
        let digits = String(firstSeq)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + segmentSuffix
    }

    /// The first seq a segment file name carries; `nil` if the name is not a segment's.
    static func firstSeq(ofSegmentName name: String) -> UInt64? {
        guard name.utf8.count == 20 + segmentSuffix.utf8.count, name.hasSuffix(segmentSuffix) else { return nil }
        let digits = name.utf8.prefix(20)
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return UInt64(String(decoding: digits, as: UTF8.self))
    }
}
