import TollbookCore

/// A site's rules for the category of a call (P1): every call is exactly one of business,
/// project, private and PIN.
///
/// - **pin**: the call carries one of the site's private PINs — a personal code the employee
///   dials before the number to make a private call that is charged to them personally, whatever
///   phone they use (the reference product's "PIN-Gespräch"). A PIN that only identifies the
///   caller for business calls (not in `private_pins`) does not make a call `pin`.
/// - **private**: the dialled number starts with one of the site's private prefixes (the code an
///   employee dials in front of the usual number, outside-line code included, to mark a private
///   call). The prefix is removed from the stored numbers: the call is stored with the number as it
///   would have been dialled for business.
/// - **project**: the call carries a project code (the connector's project-code field; when the
///   site lists `project_codes`, only those count).
/// - **business**: everything else.
///
/// A call with both a private PIN and a private prefix is `pin`.
public struct CategoryRules: Sendable, Hashable {
    /// Dial prefixes that mark a private call (digits, `*`, `#`).
    public var privatePrefixes: [String]
    /// PINs that mark a private call charged to the PIN's holder.
    public var privatePINs: [String]
    /// Project codes that make a call `project`; empty: any project code does.
    public var projectCodes: [String]

    /// Creates rules; with all lists empty every call is business (or project, if it has a code).
    public init(privatePrefixes: [String] = [], privatePINs: [String] = [], projectCodes: [String] = []) {
        self.privatePrefixes = privatePrefixes
        self.privatePINs = privatePINs
        self.projectCodes = projectCodes
    }

    /// What ``categorise(dialled:pin:projectCode:)`` decided.
    public struct Decision: Sendable, Equatable {
        /// The category.
        public var category: CallCategory
        /// The private prefix found at the start of the dialled number, to remove from it.
        public var strippedPrefix: String?

        /// Creates a decision.
        public init(category: CallCategory, strippedPrefix: String?) {
            self.category = category
            self.strippedPrefix = strippedPrefix
        }
    }

    /// The category of a call whose dialled number is `dialled` (empty for calls nobody here dialled),
    /// with `pin` and `projectCode` as the connector recorded them.
    public func categorise(dialled: String, pin: String, projectCode: String) -> Decision {
        let prefix = dialled.isEmpty ? nil : privatePrefixes.filter { dialled.hasPrefix($0) && dialled.count > $0.count }
            .max { $0.count < $1.count }
        if !pin.isEmpty, privatePINs.contains(pin) { return Decision(category: .pin, strippedPrefix: prefix) }
        if let prefix { return Decision(category: .private, strippedPrefix: prefix) }
        if !projectCode.isEmpty, projectCodes.isEmpty || projectCodes.contains(projectCode) {
            return Decision(category: .project, strippedPrefix: nil)
        }
        return Decision(category: .business, strippedPrefix: nil)
    }
}
