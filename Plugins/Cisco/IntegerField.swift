/// Parsing of CUCM integer columns straight from the row's bytes.
enum IntegerField {
    /// The result of reading one integer field.
    enum Value {
        /// The field is empty (or its column is absent).
        case empty
        /// A decimal integer.
        case value(Int64)
        /// Not a decimal integer, or outside the 64-bit range.
        case invalid
    }

    /// Parses an optionally signed decimal integer of `count` bytes at `pointer`.
    @inline(__always)
    static func parse(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> Value {
        if count == 0 { return .empty }
        var index = 0
        var negative = false
        if pointer[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
            if count == 1 { return .invalid }
        }
        if count - index > 19 { return .invalid }
        var magnitude: UInt64 = 0
        while index < count {
            let digit = pointer[index] &- UInt8(ascii: "0")
            if digit > 9 { return .invalid }
            magnitude = magnitude &* 10 &+ UInt64(digit)
            index += 1
        }
        // 19 digits fit in UInt64; check the signed range.
        if negative {
            if magnitude > UInt64(Int64.max) + 1 { return .invalid }
            return .value(magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude))
        }
        if magnitude > UInt64(Int64.max) { return .invalid }
        return .value(Int64(magnitude))
    }
}
