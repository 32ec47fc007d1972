/// How the exact cost of a call is rounded to the tariff's precision (once per call).
public enum RoundingMode: String, Sendable, Hashable, CaseIterable {
    /// Halves away from zero (commercial rounding): 0.105 → 0.11.
    case halfUp = "half_up"
    /// Halves to the even neighbour (banker's rounding): 0.105 → 0.10, 0.115 → 0.12.
    case halfEven = "half_even"
    /// Any remainder rounds up (ceiling).
    case up
    /// Any remainder is dropped (floor).
    case down

    /// Divides a non-negative `value` by a positive `divisor`, rounding by this mode.
    func divide(_ value: Int64, by divisor: Int64) -> Int64 {
        let quotient = value / divisor
        let remainder = value % divisor
        guard remainder != 0 else { return quotient }
        switch self {
        case .down: return quotient
        case .up: return quotient + 1
        case .halfUp: return remainder * 2 >= divisor ? quotient + 1 : quotient
        case .halfEven:
            if remainder * 2 > divisor { return quotient + 1 }
            if remainder * 2 < divisor { return quotient }
            return quotient % 2 == 0 ? quotient : quotient + 1
        }
    }
}
