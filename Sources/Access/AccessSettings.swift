import TollbookConfiguration

/// How accounts are protected: bcrypt cost, password policy, lock-out and the directory group →
/// role mapping. Defaults are the production values documented in `docs/access.md`.
public struct AccessSettings: Sendable, Equatable {
    /// The production bcrypt cost (2^12 rounds).
    public static let defaultBcryptCost = 12

    /// log2 of bcrypt's rounds, 4…31 (tests use 4; production at least 12).
    public var bcryptCost: Int
    /// What a new password must satisfy.
    public var passwordPolicy: PasswordPolicy
    /// When failed logins lock an account.
    public var lockout: LockoutPolicy
    /// Directory login: group DN → local role name, in order.
    public var directoryGroupRoles: [DirectoryGroupRole]
    /// The audit key file, `nil` for the default beside the database (`<db>.audit-key`).
    public var auditKeyFile: String?

    /// Creates settings; every argument has the production default.
    public init(bcryptCost: Int = AccessSettings.defaultBcryptCost, passwordPolicy: PasswordPolicy = PasswordPolicy(),
                lockout: LockoutPolicy = LockoutPolicy(), directoryGroupRoles: [DirectoryGroupRole] = [],
                auditKeyFile: String? = nil) {
        self.bcryptCost = bcryptCost
        self.passwordPolicy = passwordPolicy
        self.lockout = lockout
        self.directoryGroupRoles = directoryGroupRoles
        self.auditKeyFile = auditKeyFile
    }

    /// Settings from the configuration file's `access:` section (defaults for what it leaves out).
    public init(_ configuration: AccessConfiguration?) {
        self.init()
        guard let configuration else { return }
        bcryptCost = configuration.bcryptCost ?? bcryptCost
        passwordPolicy.minLength = configuration.passwordMinLength ?? passwordPolicy.minLength
        passwordPolicy.historyCount = configuration.passwordHistory ?? passwordPolicy.historyCount
        lockout.maxFailures = configuration.lockoutMaxFailures ?? lockout.maxFailures
        lockout.initialSeconds = configuration.lockoutInitialSeconds ?? lockout.initialSeconds
        lockout.maxSeconds = configuration.lockoutMaxSeconds ?? lockout.maxSeconds
        directoryGroupRoles = configuration.directoryGroups.map { DirectoryGroupRole(groupDN: $0.groupDN, role: $0.role) }
        auditKeyFile = configuration.auditKeyFile
    }

    /// The audit key file for the database at `databasePath`: the configured one, else
    /// `<databasePath>.audit-key`.
    public func auditKeyPath(databasePath: String) -> String {
        auditKeyFile ?? databasePath + ".audit-key"
    }
}

/// One entry of the directory group mapping.
public struct DirectoryGroupRole: Sendable, Equatable {
    /// The group's DN (compared case-insensitively).
    public var groupDN: String
    /// The local role members get.
    public var role: String

    /// Creates an entry.
    public init(groupDN: String, role: String) {
        self.groupDN = groupDN
        self.role = role
    }
}

/// What a new password must satisfy.
public struct PasswordPolicy: Sendable, Equatable {
    /// The fewest characters (default 12).
    public var minLength: Int
    /// How many earlier passwords (besides the current one) cannot be used again (default 5).
    public var historyCount: Int

    /// bcrypt reads at most 72 bytes; longer passwords are refused rather than cut silently.
    public static let maxBytes = 72

    /// Creates a policy.
    public init(minLength: Int = 12, historyCount: Int = 5) {
        self.minLength = minLength
        self.historyCount = historyCount
    }

    /// The first rule `password` breaks for user `userName`, or `nil` (reuse is checked apart,
    /// against the stored hashes).
    public func violation(_ password: String, userName: String) -> String? {
        if password.count < minLength { return "the password must have at least \(minLength) characters" }
        if password.utf8.count > Self.maxBytes { return "the password must not be longer than \(Self.maxBytes) bytes" }
        if password.lowercased() == userName.lowercased() { return "the password must not be the user name" }
        if password.contains(where: { $0.isNewline }) { return "the password must not contain line breaks" }
        return nil
    }
}

/// When failed logins lock an account: after `maxFailures` failures in a row it is locked for
/// `initialSeconds`, and every further failure after a lock doubles that, up to `maxSeconds`.
/// A successful login (or `users enable`) resets the count.
public struct LockoutPolicy: Sendable, Equatable {
    /// Failed logins in a row before the first lock (default 5).
    public var maxFailures: Int
    /// The first lock's length in seconds (default 60).
    public var initialSeconds: Int
    /// The longest lock in seconds (default 3600).
    public var maxSeconds: Int

    /// Creates a policy.
    public init(maxFailures: Int = 5, initialSeconds: Int = 60, maxSeconds: Int = 3600) {
        self.maxFailures = maxFailures
        self.initialSeconds = initialSeconds
        self.maxSeconds = maxSeconds
    }

    /// How long the account is locked after `failures` failures in a row, in seconds (0: not locked).
    public func lockSeconds(afterFailures failures: Int) -> Int {
        guard failures >= maxFailures else { return 0 }
        let doublings = failures - maxFailures
        guard doublings < 40 else { return maxSeconds }
        return min(maxSeconds, initialSeconds << doublings)
    }
}
