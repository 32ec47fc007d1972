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
    /// Where the person's place in the organisation comes from.
    public var organisationalPath: OrganisationalPathSource

    /// Creates a mapping; every parameter defaults to Active Directory's attribute name.
    public init(name: String = "displayName", mail: String = "mail", employeeID: String = "employeeID",
                department: String = "department",
                numbers: [String] = ["telephoneNumber", "ipPhone", "otherTelephone"],
                organisationalPath: OrganisationalPathSource = .organisationalUnits) {
        self.name = name
        self.mail = mail
        self.employeeID = employeeID
        self.department = department
        self.numbers = numbers
        self.organisationalPath = organisationalPath
    }

    /// Attributes that identify an entry across renames and moves, best first.
    static let identityAttributes = ["objectGUID", "entryUUID"]

    /// Every attribute the search asks for.
    var requestedAttributes: [String] {
        var names = [name, mail, employeeID, department] + numbers + Self.identityAttributes
        if case .attribute(let pathAttribute) = organisationalPath { names.append(pathAttribute) }
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
