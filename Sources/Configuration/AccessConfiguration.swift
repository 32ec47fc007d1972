/// The optional `access:` section: where the audit key is, how passwords are hashed and checked,
/// when accounts are locked, and which directory groups give which local roles. Keys left out
/// are `nil` here; the `Access` module fills in its defaults (`docs/access.md`).
///
/// ```yaml
/// access:
///   audit_key_file: secrets/audit.key    # relative to this file; default: <database>.audit-key
///   bcrypt_cost: 12                      # 4…31; each step doubles the work
///   password:
///     min_length: 12
///     history: 5                         # the last N passwords cannot be used again
///   lockout:
///     max_failures: 5                    # failed logins before the account is locked
///     initial_seconds: 60                # first lock; doubled with every further failure
///     max_seconds: 3600                  # the longest lock
///   directory_groups:                    # directory login: group DN → local role
///     "cn=tollbook-managers,ou=Groups,dc=example,dc=com": manager
/// ```
public struct AccessConfiguration: Sendable, Equatable {
    /// `audit_key_file`, resolved against the configuration file's folder.
    public var auditKeyFile: String?
    /// `bcrypt_cost`.
    public var bcryptCost: Int?
    /// `password.min_length`.
    public var passwordMinLength: Int?
    /// `password.history`.
    public var passwordHistory: Int?
    /// `lockout.max_failures`.
    public var lockoutMaxFailures: Int?
    /// `lockout.initial_seconds`.
    public var lockoutInitialSeconds: Int?
    /// `lockout.max_seconds`.
    public var lockoutMaxSeconds: Int?
    /// `directory_groups`: group DN → role name, in file order.
    public var directoryGroups: [(groupDN: String, role: String)]
    /// Line where the section starts.
    public var line: Int

    /// Creates a section (the configuration reader makes them; tests and tools may too).
    public init(auditKeyFile: String? = nil, bcryptCost: Int? = nil, passwordMinLength: Int? = nil,
                passwordHistory: Int? = nil, lockoutMaxFailures: Int? = nil, lockoutInitialSeconds: Int? = nil,
                lockoutMaxSeconds: Int? = nil, directoryGroups: [(groupDN: String, role: String)] = [], line: Int = 0) {
        self.auditKeyFile = auditKeyFile
        self.bcryptCost = bcryptCost
        self.passwordMinLength = passwordMinLength
        self.passwordHistory = passwordHistory
        self.lockoutMaxFailures = lockoutMaxFailures
        self.lockoutInitialSeconds = lockoutInitialSeconds
        self.lockoutMaxSeconds = lockoutMaxSeconds
        self.directoryGroups = directoryGroups
        self.line = line
    }

    /// Compares every field (the group mapping in order).
    public static func == (lhs: AccessConfiguration, rhs: AccessConfiguration) -> Bool {
        lhs.auditKeyFile == rhs.auditKeyFile && lhs.bcryptCost == rhs.bcryptCost
            && lhs.passwordMinLength == rhs.passwordMinLength && lhs.passwordHistory == rhs.passwordHistory
            && lhs.lockoutMaxFailures == rhs.lockoutMaxFailures && lhs.lockoutInitialSeconds == rhs.lockoutInitialSeconds
            && lhs.lockoutMaxSeconds == rhs.lockoutMaxSeconds && lhs.line == rhs.line
            && lhs.directoryGroups.map(\.groupDN) == rhs.directoryGroups.map(\.groupDN)
            && lhs.directoryGroups.map(\.role) == rhs.directoryGroups.map(\.role)
    }
}
