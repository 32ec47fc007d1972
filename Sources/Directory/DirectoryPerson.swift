/// One person as the directory describes them, with the mapped attributes of ``AttributeMapping``.
/// Personal data: never log it or put it in error messages.
public struct DirectoryPerson: Sendable, Equatable {
    /// The entry's distinguished name, as the server returned it.
    public var dn: String
    /// A stable identity that survives renames and moves: AD's `objectGUID` (in the usual
    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` form, lower case), else OpenLDAP's `entryUUID`, else the DN.
    public var uniqueID: String
    /// The display name (falls back to the value of the DN's first RDN).
    public var displayName: String
    /// The e-mail address, if any.
    public var mail: String?
    /// The employee number, if any.
    public var employeeID: String?
    /// The department's name, if any.
    public var department: String?
    /// The organisational units from the outermost inwards, e.g. `["Berlin", "Sales"]`.
    public var organisationalPath: [String]
    /// Every telephone number of the mapped attributes, in mapping order, as written in the
    /// directory (not normalised), without duplicates.
    public var numbers: [String]
    /// The account name (AD `sAMAccountName`, or the mapped attribute), if any.
    public var accountName: String?

    /// Creates a person (the reader makes them; tests and importers may too).
    public init(dn: String, uniqueID: String, displayName: String, mail: String? = nil, employeeID: String? = nil,
                department: String? = nil, organisationalPath: [String] = [], numbers: [String] = [],
                accountName: String? = nil) {
        self.dn = dn
        self.uniqueID = uniqueID
        self.displayName = displayName
        self.mail = mail
        self.employeeID = employeeID
        self.department = department
        self.organisationalPath = organisationalPath
        self.numbers = numbers
        self.accountName = accountName
    }
}
