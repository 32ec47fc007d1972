/// Which directory attribute feeds which field of ``DirectoryPerson``. The defaults are Active
/// Directory's attribute names; every field can name another attribute (attribute names are
/// compared case-insensitively, as LDAP does).
///
/// | Field | Default | Read as |
/// |---|---|---|
/// | ``name`` | `displayName` | first value; without one, the value of the DN's first RDN (the `CN`) |
/// | ``mail`` | `mail` | first value |
/// | ``employeeID`` | `employeeID` | first value |
/// | ``department`` | `department` | first value |
/// | ``numbers`` | `telephoneNumber`, `ipPhone`, `otherTelephone` | every value of each, in this order, duplicates dropped |
/// | ``organisationalPath`` | the DN's `OU` components | outermost first |
public struct AttributeMapping: Sendable, Equatable {
    /// The attribute holding the person's display name.
    public var name: String
    /// The attribute holding the e-mail address.
    public var mail: String
    /// The attribute holding the employee number.
    public var employeeID: String
    /// The attribute holding the department's name.
    public var department: String
    /// The attributes holding telephone numbers, read in this order.
    public var numbers: [String]
    /// Where the person's place in the organisation comes from (the first of
    /// ``organisationalPathSources``; setting it replaces them all).
    public var organisationalPath: OrganisationalPathSource {
        get { organisationalPathSources.first ?? .organisationalUnits }
        set { organisationalPathSources = [newValue] }
    }
    /// The sources of the path, in order: the levels of each are appended (`[.organisationalUnits,
    /// .attribute("department")]`: the DN's OUs, then the department as the last level).
    public var organisationalPathSources: [OrganisationalPathSource]
    /// The attribute holding the account name (AD `sAMAccountName`), for linking people by it.
    public var accountName: String

    /// Creates a mapping; every parameter defaults to Active Directory's attribute name.
    public init(name: String = "displayName", mail: String = "mail", employeeID: String = "employeeID",
                department: String = "department",
                numbers: [String] = ["telephoneNumber", "ipPhone", "otherTelephone"],
                organisationalPath: OrganisationalPathSource = .organisationalUnits, accountName: String = "sAMAccountName") {
        self.name = name
        self.mail = mail
        self.employeeID = employeeID
        self.department = department
        self.numbers = numbers
        self.organisationalPathSources = [organisationalPath]
        self.accountName = accountName
    }

    /// Attributes that identify an entry across renames and moves, best first.
    static let identityAttributes = ["objectGUID", "entryUUID"]

    /// Every attribute the search asks for.
    var requestedAttributes: [String] {
        var names = [name, mail, employeeID, department, accountName] + numbers + Self.identityAttributes
        for case .attribute(let pathAttribute) in organisationalPathSources { names.append(pathAttribute) }
        var seen = Set<String>()
        return names.filter { seen.insert($0.lowercased()).inserted }
    }
}

/// Where a person's organisational path (outermost unit first) comes from.
public enum OrganisationalPathSource: Sendable, Equatable {
    /// The `OU` components of the person's DN: `CN=Anna,OU=Sales,OU=Berlin,DC=example,DC=com`
    /// gives `["Berlin", "Sales"]`.
    case organisationalUnits
    /// An attribute whose values are split at `/`: `Berlin / Sales` gives `["Berlin", "Sales"]`.
    case attribute(String)
}
