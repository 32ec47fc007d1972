/// The local parties' numbers of an import by raw bytes: a file holds the same few hundred many
/// times. An open-addressing table keyed by the raw number packed into two words, hashed by a
/// multiplication (no SipHash, no string made for the lookup); numbers longer than 16 bytes are
/// found through a dictionary by text. Forgets everything once it holds `limit` numbers.
struct LocalNumberCache {
    private var keys: [PackedRaw] = []
    private var values: [LegNumber] = []
    /// Index into `keys`/`values` plus one per slot; 0 for a free slot. Power-of-two size.
    private var slots = [Int32](repeating: 0, count: 1024)
    /// Index into `values` of numbers longer than 16 bytes, by text.
    private var longIndex: [String: Int] = [:]
    private let limit: Int

    init(limit: Int = 50_000) {
        self.limit = limit
    }

    /// The cached number at `index` (from ``index(of:)`` or ``insert(_:_:)``).
    subscript(index: Int) -> LegNumber { values[index] }

    /// The index of the number cached for `raw`, if any.
    func index(of raw: UnsafeRawBufferPointer) -> Int? {
        guard let key = PackedRaw(raw) else {
            return longIndex[String(decoding: raw, as: UTF8.self)]
        }
        let mask = slots.count - 1
        var slot = key.hashValueCheap & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if keys[index] == key { return index }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Caches `number` for `raw` (not cached yet); returns its index.
    mutating func insert(_ raw: UnsafeRawBufferPointer, _ number: LegNumber) -> Int {
        if values.count >= limit {
            keys.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
            longIndex.removeAll(keepingCapacity: true)
            for index in slots.indices { slots[index] = 0 }
        }
        values.append(number)
        let index = values.count - 1
        guard let key = PackedRaw(raw) else {
            keys.append(PackedRaw.none)
            longIndex[String(decoding: raw, as: UTF8.self)] = index
            return index
        }
        keys.append(key)
        let mask = slots.count - 1
        var slot = key.hashValueCheap & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index + 1)
        if values.count * 2 > slots.count { grow() }
        return index
    }

    /// Doubles the slots (kept at most half full) and re-inserts every key.
    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, key) in keys.enumerated() where key.count >= 0 {
            var slot = key.hashValueCheap & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }
}

/// A raw number of up to 16 bytes packed into two words, with its length: a key that hashes
/// cheaply and needs no string made first.
struct PackedRaw: Equatable {
    let low: UInt64
    let high: UInt64
    /// -1 for ``none``.
    let count: Int

    /// Stands for a key that did not fit (never equal to a real one).
    static let none = PackedRaw(low: 0, high: 0, count: -1)

    private init(low: UInt64, high: UInt64, count: Int) {
        self.low = low
        self.high = high
        self.count = count
    }

    /// `nil` when `bytes` holds more than 16 bytes.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= 16 else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 {
                low |= UInt64(byte) << (8 * UInt64(index))
            } else {
                high |= UInt64(byte) << (8 * UInt64(index - 8))
            }
        }
        self.low = low
        self.high = high
        count = bytes.count
    }

    /// A multiplicative hash (Fibonacci hashing), good enough for a table of a process's own keys.
    var hashValueCheap: Int {
        let mixed = (low &* 0x9E37_79B9_7F4A_7C15) ^ (high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(count)
        return Int(truncatingIfNeeded: (mixed ^ (mixed >> 29)) >> 1)
    }
}
