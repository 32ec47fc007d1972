import TollbookCore

/// A field of a call that a privacy package rules on.
public enum PrivacyField: String, Sendable, CaseIterable, Hashable {
    /// The other party's number (every column that holds it: raw and E.164, vendor fields).
    case number
    /// How long the call rang and lasted (and so when it was answered and ended).
    case duration
    /// Where the number leads (the pricing's destination and zone names, e.g. `Berlin`).
    case place
    /// The time of day of the call (the date stays).
    case time
}

/// What a privacy package does with one field of one call category.
public enum FieldAction: Sendable, Hashable, CustomStringConvertible {
    /// Shown as stored.
    case show
    /// The last `digits` digits replaced by `X` (numbers only; length and leading `+` kept).
    case mask(digits: Int)
    /// Stored, but shown to nobody (`null` in listings).
    case hide
    /// Never stored: removed at ingest, before the call reaches the store.
    case delete

    /// `show`, `mask 5`, `hide`, `delete` — the configuration's spelling.
    public var description: String {
        switch self {
        case .show: return "show"
        case let .mask(digits): return "mask \(digits)"
        case .hide: return "hide"
        case .delete: return "delete"
        }
    }
}

/// A privacy package ("Datenschutzpaket"): per call category and field, what is stored and shown.
///
/// Every participant has exactly one package in force at any instant (``PackageAssignments``);
/// a call is stored and shown per the package in force for its owner at its start.
public struct PrivacyPackage: Sendable, Hashable {
    /// The package's name (unique in the configuration).
    public var name: String
    /// The actions per category and field; a missing entry means ``FieldAction/show``.
    public var actions: [CallCategory: [PrivacyField: FieldAction]]

    /// Creates a package; fields not named are shown.
    public init(name: String, actions: [CallCategory: [PrivacyField: FieldAction]] = [:]) {
        self.name = name
        self.actions = actions
    }

    /// What the package does with `field` of a call of `category`.
    public func action(_ category: CallCategory, _ field: PrivacyField) -> FieldAction {
        actions[category]?[field] ?? .show
    }

    /// Whether every field of `category` is shown as stored (no masking work for such calls).
    public func showsEverything(of category: CallCategory) -> Bool {
        PrivacyField.allCases.allSatisfy { action(category, $0) == .show }
    }

    /// Whether some field of `category` is deleted at ingest.
    public func deletesSomething(of category: CallCategory) -> Bool {
        PrivacyField.allCases.contains { action(category, $0) == .delete }
    }

    /// The name of the standard package.
    public static let standardName = "standard"

    /// The standard package, as the reference product ships it: business and project calls
    /// complete; private and PIN calls complete except the number, whose last five digits are masked.
    public static let standard = PrivacyPackage(name: standardName, actions: [
        .private: [.number: .mask(digits: 5)],
        .pin: [.number: .mask(digits: 5)],
    ])

    /// The "EVN-3" package: every number shortened by its last three digits, as on an itemised bill
    /// whose subscriber chose shortened numbers (old § 99(1) TKG, now § 11 TDDDG).
    public static let evn3 = PrivacyPackage(name: "EVN-3", actions: Dictionary(uniqueKeysWithValues: CallCategory.allCases.map {
        ($0, [PrivacyField.number: FieldAction.mask(digits: 3)])
    }))
}
