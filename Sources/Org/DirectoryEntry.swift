/// A person as a directory (LDAP, Active Directory) describes them; the input of ``DirectorySync``.
public struct DirectoryEntry: Sendable, Equatable {
    /// The directory's stable unique id (AD `objectGUID`, LDAP `entryUUID`); matched against `external_id`.
    public var uniqueID: String
    /// Display name.
    public var displayName: String
    /// E-mail address (empty when none).
    public var mail: String
    /// Employee id (empty when none).
    public var employeeID: String
    /// Department name; the node when `organisationalPath` is empty.
    public var department: String
    /// The node path, top first (e.g. `["Berlin", "Sales", "Inside sales"]`).
    public var organisationalPath: [String]
    /// Telephone numbers and extensions (`telephoneNumber`, `ipPhone`, `otherTelephone`).
    public var numbers: [String]
    /// The entry's distinguished name, named in notes and problems (empty when unknown).
    public var dn = ""
    /// The account name (AD `sAMAccountName`), for ``DirectoryLink/accountName``; empty when none.
    public var accountName = ""

    /// Creates an entry.
    public init(uniqueID: String, displayName: String, mail: String = "", employeeID: String = "", department: String = "",
                organisationalPath: [String] = [], numbers: [String] = []) {
        self.uniqueID = uniqueID
        self.displayName = displayName
        self.mail = mail
        self.employeeID = employeeID
        self.department = department
        self.organisationalPath = organisationalPath
        self.numbers = numbers
    }
}
