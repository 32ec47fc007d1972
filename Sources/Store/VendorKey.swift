/// The 64-bit key under which a vendor record id is kept unique per source.
public enum VendorKey {
    /// FNV-1a over the id's UTF-8 bytes, as a signed SQLite integer. Stable across releases:
    /// changing it would break deduplication against existing stores.
    public static func hash(_ id: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
