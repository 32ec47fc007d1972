/// The result of normalising one number of one call.
///
/// Masked numbers (PBX privacy masking with `X`, `x` or `?`) never get an ``e164`` value, because
/// they are not a dialable number and must not collide with a real one in the store; their
/// normalised shape, with every hidden digit written as `X`, is in ``maskedE164``.
public struct NormalisedNumber: Sendable, Equatable {
    /// The number in E.164 form (`+49301234567`); `nil` when it cannot be made E.164 (withheld,
    /// masked, extension without DID block, short code, feature code, identifier).
    public var e164: String?
    /// The category the number falls into.
    public var category: NumberCategory
    /// How the number was written.
    public var form: NumberForm
    /// Whether digits of the number are hidden (`X`, `x`, `?`).
    public var isMasked: Bool
    /// For masked numbers that could be brought into E.164 shape: that shape with `X` for every
    /// hidden digit (`+4930555XXXX`); otherwise `nil`.
    public var maskedE164: String?
    /// The national significant number for numbers of the plan's own country (`301234567`), the
    /// digits of a short code (`112`), or `nil`. May contain `X` when masked.
    public var nationalNumber: String?
    /// The call-by-call (carrier selection) prefix found and stripped from a dialled number, e.g. `01013`.
    public var callByCallPrefix: String?
    /// A site-scoped key for the organisation's own parties, `<site>/<extension>` (e.g. `berlin/2001`),
    /// so that equal extensions of two PBXs never collide. Also set for external numbers that fall
    /// into one of the site's DID blocks. `nil` otherwise.
    public var internalKey: String?

    /// Whether the number was withheld (empty or marked anonymous).
    public var isWithheld: Bool { form == .withheld }

    /// Creates a result; every field but the category and form has a neutral default.
    public init(
        e164: String? = nil, category: NumberCategory, form: NumberForm, isMasked: Bool = false,
        maskedE164: String? = nil, nationalNumber: String? = nil, callByCallPrefix: String? = nil,
        internalKey: String? = nil
    ) {
        self.e164 = e164
        self.category = category
        self.form = form
        self.isMasked = isMasked
        self.maskedE164 = maskedE164
        self.nationalNumber = nationalNumber
        self.callByCallPrefix = callByCallPrefix
        self.internalKey = internalKey
    }
}
