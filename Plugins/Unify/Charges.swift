/// Reading the charge column: pulses or an amount of money.
enum Charges {
    /// A charge value.
    enum Value {
        /// No charge given.
        case none
        /// Charge units (pulses).
        case units(Int64)
        /// An amount in minor units (hundredths).
        case amount(Int64)
        /// Not a number of the expected form.
        case invalid
    }

    /// Reads `text` (trimmed) in `mode` for a line of `layout`. Amounts have at most two decimals
    /// after `.` or `,`; a value without a separator read as an amount is a whole currency unit.
    static func read(_ text: Bytes, mode: PluginOptions.ChargeMode, layout: Layout) -> Value {
        if text.isEmpty { return .none }
        var separator = -1
        for index in 0..<text.count {
            let byte = text[index]
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") {
                if separator >= 0 { return .invalid }
                separator = index
            } else if !Bytes.isDigit(byte) {
                return .invalid
            }
        }
        let asAmount: Bool
        switch mode {
        case .units: asAmount = false
        case .amount: asAmount = true
        case .auto:
            switch layout {
            case .compressed: asAmount = false
            case .long: asAmount = true
            case .pipe: asAmount = separator >= 0
            }
        }
        if !asAmount {
            guard separator < 0, text.count <= 15 else { return .invalid }
            return .units(Int64(text.number(0, text.count)))
        }
        let whole = separator < 0 ? text.count : separator
        let decimals = separator < 0 ? 0 : text.count - separator - 1
        guard whole >= 1, whole <= 13, decimals <= 2, separator < 0 || decimals >= 1 else { return .invalid }
        var minor = Int64(text.number(0, whole)) * 100
        if decimals == 1 { minor += Int64(text.number(separator + 1, 1)) * 10 }
        if decimals == 2 { minor += Int64(text.number(separator + 1, 2)) }
        return .amount(minor)
    }
}
