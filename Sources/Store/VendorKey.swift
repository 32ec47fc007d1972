/// The 64-bit key under which a call leg is kept unique: a hash of its source and vendor record id.
public enum VendorKey {
    /// FNV-1a over the source id (8 bytes, little-endian) and the id's UTF-8 bytes, as a signed
    /// SQLite integer. Stable across releases: changing it would break deduplication against
    /// existing stores.
    public static func hash(sourceID: Int64, vendorRecordID id: String) -> Int64 {
        var id = id
        return id.withUTF8 { hash(sourceID: sourceID, vendorRecordID: UnsafeRawBufferPointer($0)) }
    }

    /// The key of a vendor record id given as UTF-8 bytes.
    public static func hash(sourceID: Int64, vendorRecordID id: UnsafeRawBufferPointer) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var source = UInt64(bitPattern: sourceID)
        for _ in 0..<8 {
            hash ^= source & 0xFF
            hash = hash &* 0x0000_0100_0000_01b3
            source >>= 8
        }
        for byte in id {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
