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

    /// The five numbers, calling first.
    public var all: [ClassifiedNumber] { [calling, called, originalCalled, connected, redirecting] }

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

/// How the store keeps the party numbers of a leg: the five E.164 forms that differ from the
/// remote party's and the local party's are stored in their own columns; one equal to either is
/// stored as a reference (2 bits per party in `number_categories`, from bit 20: 0 own column,
/// 1 same as `remote_e164`, 2 same as `local_e164`). Most legs' party numbers are the remote
/// and local party again, so this keeps them at almost no cost in space and write time.
public enum PartyNumberStorage {
    /// Where a party's E.164 is.
    public enum Reference: Int64, Sendable {
        /// In the party's own column.
        case own = 0
        /// Equal to `remote_e164`.
        case remote = 1
        /// Equal to `local_e164`.
        case local = 2
    }

    /// The reference bits of party `slot` (0 calling … 4 redirecting).
    public static func reference(_ reference: Reference, slot: Int64) -> Int64 {
        reference.rawValue << (20 + 2 * slot)
    }

    /// The reference of party `slot` in a packed value.
    public static func reference(in packed: Int64, slot: Int64) -> Reference {
        Reference(rawValue: (packed >> (20 + 2 * slot)) & 3) ?? .own
    }

    /// What to store for `numbers`: the packed categories and references, and each party's own
    /// column ("" when referenced or absent), in the order calling … redirecting.
    public static func store(_ numbers: PartyNumbers, remoteE164: String, localE164: String) -> (packed: Int64, own: [String]) {
        var packed = numbers.packedCategories
        var own: [String] = []
        for (slot, number) in numbers.all.enumerated() {
            if !number.e164.isEmpty, number.e164 == remoteE164 {
                packed |= reference(.remote, slot: Int64(slot))
                own.append("")
            } else if !number.e164.isEmpty, number.e164 == localE164 {
                packed |= reference(.local, slot: Int64(slot))
                own.append("")
            } else {
                own.append(number.e164)
            }
        }
        return (packed, own)
    }

    /// The party numbers back from what was stored.
    public static func load(packed: Int64, own: [String], remoteE164: String, localE164: String) -> PartyNumbers {
        var numbers = PartyNumbers.categories(packed: packed)
        var e164: [String] = []
        for slot in 0..<5 {
            switch reference(in: packed, slot: Int64(slot)) {
            case .own: e164.append(slot < own.count ? own[slot] : "")
            case .remote: e164.append(remoteE164)
            case .local: e164.append(localE164)
            }
        }
        numbers.calling.e164 = e164[0]
        numbers.called.e164 = e164[1]
        numbers.originalCalled.e164 = e164[2]
        numbers.connected.e164 = e164[3]
        numbers.redirecting.e164 = e164[4]
        return numbers
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
