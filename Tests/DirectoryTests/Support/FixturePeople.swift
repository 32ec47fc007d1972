import Directory

/// The people of `Tests/Fixtures/ldap/people.ldif` as the AD-default mapping reads them, sorted by
/// DN, with `uniqueID` left empty (slapd makes up `entryUUID`s; tests check those separately).
enum FixturePeople {
    static let berlinSales = ["Berlin", "Sales"]
    static let berlinSupport = ["Berlin", "Support"]
    static let munichSales = ["Munich", "Sales"]
    static let munichEngineering = ["Munich", "Engineering"]

    static let all: [DirectoryPerson] = [
        DirectoryPerson(dn: "cn=Anna Berger,ou=Sales,ou=Berlin,dc=example,dc=com", uniqueID: "", displayName: "Anna Berger",
                        mail: "anna.berger@example.com", employeeID: "E1001", department: "Sales Berlin",
                        organisationalPath: berlinSales, numbers: ["+49 30 5550 2101", "2101", "+49 170 5550101"]),
        DirectoryPerson(dn: "cn=Bernd Krause,ou=Sales,ou=Berlin,dc=example,dc=com", uniqueID: "", displayName: "Bernd Krause",
                        mail: "bernd.krause@example.com", employeeID: "E1002", department: "Sales Berlin",
                        organisationalPath: berlinSales, numbers: ["+49 30 5550 2102", "2102"]),
        DirectoryPerson(dn: "cn=Clara Schmidt,ou=Support,ou=Berlin,dc=example,dc=com", uniqueID: "", displayName: "Clara Schmidt",
                        mail: "clara.schmidt@example.com", employeeID: "E1003", department: "Support",
                        organisationalPath: berlinSupport, numbers: ["+49 30 5550 2201", "2201"]),
        DirectoryPerson(dn: "cn=Eva Huber,ou=Sales,ou=Munich,dc=example,dc=com", uniqueID: "", displayName: "Eva Huber",
                        mail: "eva.huber@example.com", employeeID: "E2001", department: "Sales Munich",
                        organisationalPath: munichSales, numbers: ["+49 89 5550 3101", "3101"]),
        DirectoryPerson(dn: "cn=Felix Maier,ou=Sales,ou=Munich,dc=example,dc=com", uniqueID: "", displayName: "Felix Maier",
                        mail: "felix.maier@example.com", employeeID: "E2002", department: "Sales Munich",
                        organisationalPath: munichSales, numbers: ["3102"]),
        DirectoryPerson(dn: "cn=Greta Lang,ou=Engineering,ou=Munich,dc=example,dc=com", uniqueID: "", displayName: "Greta Lang",
                        mail: "greta.lang@example.com", employeeID: "E2101", department: "Engineering",
                        organisationalPath: munichEngineering, numbers: ["+49 89 5550 3201"]),
        DirectoryPerson(dn: "cn=Hans Vogel,ou=Engineering,ou=Munich,dc=example,dc=com", uniqueID: "", displayName: "Hans Vogel",
                        mail: "hans.vogel@example.com", employeeID: "E2102", department: "Engineering",
                        organisationalPath: munichEngineering, numbers: ["+49 89 5550 3202"]),
        DirectoryPerson(dn: "cn=Ida Neumann,dc=example,dc=com", uniqueID: "", displayName: "Ida Neumann",
                        employeeID: "E0001"),
        DirectoryPerson(dn: "cn=Wolf\\2C David,ou=Support,ou=Berlin,dc=example,dc=com", uniqueID: "", displayName: "David Wolf",
                        mail: "david.wolf@example.com", employeeID: "E1004", department: "Support",
                        organisationalPath: berlinSupport, numbers: ["+49 30 5550 2202", "+49 30 5550 2299"]),
    ]

    /// Hans Vogel's `objectGUID` (the only entry with one), formatted.
    static let hansGUID = "6f1c2a4e-3b5d-4e8f-9a01-23456789abcd"

    /// `people` with `uniqueID` blanked, for comparing with ``all``.
    static func withoutIDs(_ people: [DirectoryPerson]) -> [DirectoryPerson] {
        people.map { person in
            var copy = person
            copy.uniqueID = ""
            return copy
        }
    }

    /// Whether `id` looks like a UUID in lower case (`entryUUID`).
    static func isUUID(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
        return parts == [8, 4, 4, 4, 12] && id.allSatisfy { $0 == "-" || ($0.isHexDigit && !$0.isUppercase) }
    }
}
