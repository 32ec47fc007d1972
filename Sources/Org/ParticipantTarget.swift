/// How a participant should be, as a CSV row or a directory entry states it. Fields that are
/// `nil` are not managed by the source and stay as they are.
public struct ParticipantTarget: Sendable, Equatable {
    /// Where it comes from, for problems: `line 4` or `entry 2`.
    public var location: String
    /// The line or entry number, for ordering problems.
    public var line: Int?
    /// Display name.
    public var name: String
    /// E-mail address.
    public var email: String?
    /// Employee id.
    public var employeeID: String?
    /// Person group.
    public var personGroup: String?
    /// The directory's unique id.
    public var externalID: String?
    /// The node the participant belongs to (created with its ancestors when missing).
    public var path: OrgPath
    /// The classifiers the participant owns, per kind; kinds without an entry are not managed.
    public var classifiers: [ClassifierKind: [String]]
    /// When placement and classifier changes take effect, UTC ms.
    public var fromMs: Int64
    /// For a directory entry not yet linked to a participant: the value of the configured
    /// matching key (employee id, e-mail or account name) that finds an unlinked participant
    /// (see ``DirectoryLink``); `nil` matches by the unique id only.
    public var linkValue: String?

    /// Creates a target.
    public init(location: String, line: Int? = nil, name: String, email: String? = nil, employeeID: String? = nil, personGroup: String? = nil,
                externalID: String? = nil, path: OrgPath, classifiers: [ClassifierKind: [String]] = [:], fromMs: Int64) {
        self.location = location
        self.line = line
        self.name = name
        self.email = email
        self.employeeID = employeeID
        self.personGroup = personGroup
        self.externalID = externalID
        self.path = path
        self.classifiers = classifiers
        self.fromMs = fromMs
    }

    /// `fields` with what this target manages applied.
    func applied(to fields: ParticipantFields) -> ParticipantFields {
        var result = fields
        result.name = name
        if let email { result.email = email }
        if let employeeID { result.employeeID = employeeID }
        if let personGroup { result.personGroup = personGroup }
        if let externalID { result.externalID = externalID }
        return result
    }
}

/// Which key links a directory entry to a participant that has no directory id yet (seeded from
/// CSV or made by hand). Linked participants are always found by the directory's unique id.
public enum DirectoryLink: String, Sendable, Equatable, CaseIterable {
    /// Only by the directory's unique id (`objectGUID` / `entryUUID`): nobody is linked.
    case uniqueID = "unique_id"
    /// By the employee id.
    case employeeID = "employee_id"
    /// By the e-mail address (case-insensitive).
    case mail
    /// By the account name (AD `sAMAccountName`), which the CSV gave as the participant's `external_id`.
    case accountName = "account_name"
}

/// How targets find the participants they describe.
public enum ParticipantMatching: Sendable, Equatable {
    /// By the directory's unique id (`external_id`); ended participants with it rejoin.
    case externalID
    /// By employee id when the target has one, else e-mail, else name, among active participants.
    case naturalKey
}
