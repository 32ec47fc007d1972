import TollbookCore

/// A 64-bit digest of what a call leg says: its times, durations, direction, disposition, the
/// plugin's flags and every text and number field, but not where its bytes were (offset, length)
/// nor which import brought it. Two deliveries of the same record have the same digest; a
/// different record under the same key has another (``CallStore/Conflict``). Computed for every
/// stored leg, so it reads eight bytes at a time (a multiply–xorshift mix, not a cryptographic hash:
/// it tells re-deliveries from changed records, it does not defend against forged collisions).
enum ContentDigest {
    private static let seed: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The digest of `row`, whose text lies in `arena`.
    static func of(_ row: CallBatch.Row, arena: UnsafeRawBufferPointer) -> Int64 {
        var hash = seed
        @inline(__always) func mix(_ word: UInt64) {
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
        }
        @inline(__always) func mix(_ value: Int64) { mix(UInt64(bitPattern: value)) }
        func mix(_ text: CallBatch.Text) {
            // The length first, so that adjacent fields cannot trade bytes.
            mix(UInt64(text.length))
            var index = Int(text.offset)
            let end = index + Int(text.length)
            while index + 8 <= end {
                mix(arena.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                index += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < end {
                tail |= UInt64(arena[index]) << shift
                shift += 8
                index += 1
            }
            mix(tail)
        }
        mix(row.vendorRecordID)
        mix(row.correlationID)
        mix(row.startMs)
        mix(row.answerMs)
        mix(row.endMs)
        mix(row.ringMs)
        mix(row.talkMs)
        mix(Int64(row.direction.abiCode))
        mix(Int64(row.disposition.abiCode))
        mix(Int64(row.flags.rawValue & CallFlags.pluginMask))
        mix(row.calling)
        mix(row.called)
        mix(row.originalCalled)
        mix(row.connected)
        mix(row.redirecting)
        mix(row.extension)
        mix(row.remote)
        mix(row.accountCode)
        mix(row.pin)
        mix(row.projectCode)
        mix(row.trunk)
        mix(row.device)
        mix(row.remoteDevice)
        mix(row.huntGroup)
        mix(row.causeText)
        mix(row.chargeCurrency)
        mix(row.extraJSON)
        mix(row.cause)
        mix(row.chargeUnits)
        mix(row.chargeMinor)
        return Int64(bitPattern: hash)
    }
}
