/// The price of one zone in one band of a tariff version, as written in the file.
public enum Rate: Sendable, Hashable {
    /// Included in a flat rate: the call costs 0 and is reported as "flat".
    case flat
    /// Free for the caller (freephone, emergency): costs 0.
    case free
    /// Deliberately not priced (e.g. premium numbers whose price is set by the service); the call is unrated with this reason.
    case unrated(reason: String)
    /// A price per minute or per call, with its options.
    case priced(PricedRate)
}

/// Whether a price is charged per minute of billed time or once per call.
public enum PriceUnit: String, Sendable, Hashable {
    /// Per minute, billed by increments.
    case perMinute = "min"
    /// Once per answered call, whatever its length.
    case perCall = "call"
}

/// A price with its increment scheme and per-call additions.
public struct PricedRate: Sendable, Hashable {
    /// The price in ten-thousandths of the currency unit, per minute or per call.
    public var price: Int64
    /// Per minute or per call.
    public var unit: PriceUnit
    /// The increment scheme (per-minute prices only; `nil` for per-call prices).
    public var increment: BillingIncrement?
    /// Setup (connection) fee per answered call, in ten-thousandths.
    public var setup: Int64
    /// Minimum charge per answered call (including the setup fee), in ten-thousandths; `nil` if none.
    public var minimum: Int64?
    /// Maximum charge per call, in ten-thousandths; `nil` if none.
    public var maximum: Int64?

    /// Creates a priced rate.
    public init(price: Int64, unit: PriceUnit, increment: BillingIncrement?, setup: Int64 = 0,
                minimum: Int64? = nil, maximum: Int64? = nil) {
        self.price = price
        self.unit = unit
        self.increment = increment
        self.setup = setup
        self.minimum = minimum
        self.maximum = maximum
    }
}
