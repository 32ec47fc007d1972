/// One number of a call after normalisation: its E.164 form and its category.
public struct ClassifiedNumber: Sendable, Hashable {
    /// E.164 (`+49301234567`), or "" when the number cannot be made E.164 (or is empty).
    public var e164: String
    /// The category (``NumberCategoryCode/names``), or "" when the call has no such number.
    public var category: String

    /// Creates a classified number; both default to "" (no number).
    public init(e164: String = "", category: String = "") {
        self.e164 = e164
        self.category = category
    }
}

/// Every party number of a call leg, normalised and classified with the site's numbering plan.
public struct PartyNumbers: Sendable, Hashable {
    /// Calling party.
    public var calling = ClassifiedNumber()
    /// Called party (as finally reached).
    public var called = ClassifiedNumber()
    /// Originally called party, before forwarding.
    public var originalCalled = ClassifiedNumber()
    /// Connected party.
    public var connected = ClassifiedNumber()
    /// Redirecting party.
    public var redirecting = ClassifiedNumber()

    /// Creates the numbers; each defaults to none.
    public init(calling: ClassifiedNumber = ClassifiedNumber(), called: ClassifiedNumber = ClassifiedNumber(),
                originalCalled: ClassifiedNumber = ClassifiedNumber(), connected: ClassifiedNumber = ClassifiedNumber(),
                redirecting: ClassifiedNumber = ClassifiedNumber()) {
        self.calling = calling
        self.called = called
        self.originalCalled = originalCalled
        self.connected = connected
        self.redirecting = redirecting
    }

    /// The categories packed 4 bits each (calling lowest, then called, original called,
    /// connected, redirecting), as the store's `number_categories` column holds them.
    public var packedCategories: Int64 {
        var packed: Int64 = 0
        for (slot, number) in [calling, called, originalCalled, connected, redirecting].enumerated() {
            packed |= Int64(NumberCategoryCode.code(number.category)) << (4 * Int64(slot))
        }
        return packed
    }

    /// The categories of a packed value, as ``packedCategories`` made it; E.164 forms stay "".
    public static func categories(packed: Int64) -> PartyNumbers {
        func category(_ slot: Int64) -> ClassifiedNumber {
            ClassifiedNumber(category: NumberCategoryCode.name(UInt8(truncatingIfNeeded: (packed >> (4 * slot)) & 0xF)))
        }
        return PartyNumbers(calling: category(0), called: category(1), originalCalled: category(2),
                            connected: category(3), redirecting: category(4))
    }
}

/// The store's codes of number categories (table `number_categories`). Codes never change
/// meaning; new categories get new codes.
public enum NumberCategoryCode {
    /// Category names by code; code 0 is "no number".
    public static let names = ["", "internal", "local", "national", "mobile", "international", "special",
                               "emergency", "premium", "unknown"]

    /// The code of a category name (0 for "" or a name not in the list).
    public static func code(_ name: String) -> UInt8 {
        switch name {
        case "internal": 1
        case "local": 2
        case "national": 3
        case "mobile": 4
        case "international": 5
        case "special": 6
        case "emergency": 7
        case "premium": 8
        case "unknown": 9
        default: 0
        }
    }

    /// The name of a code ("" for 0 or an unknown code).
    public static func name(_ code: UInt8) -> String {
        Int(code) < names.count ? names[Int(code)] : ""
    }
}
