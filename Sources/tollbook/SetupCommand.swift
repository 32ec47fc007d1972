import Access
import ArgumentParser

/// `tollbook setup`: creates the SUPERUSER account (and optionally one restricted user).
struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup", abstract: "Create the SUPERUSER account (once; --force resets it).",
        discussion: """
            The password is read from --superuser-password-file (mode 0600) or asked on the terminal without echo; \
            never give it on the command line. A second, restricted user can be created at the same time. \
            See docs/access.md.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var configOptions: ConfigOptions
    @Option(name: .customLong("superuser-password-file"), help: ArgumentHelp("File holding SUPERUSER's password (mode 0600).", valueName: "file"))
    var superuserPasswordFile: String?
    @Flag(help: "Run again: reset SUPERUSER's password and role and enable it.") var force = false
    @Option(name: .customLong("restricted-user"), help: ArgumentHelp("Also create this restricted user.", valueName: "name"))
    var restrictedUser: String?
    @Option(name: .customLong("restricted-password-file"), help: ArgumentHelp("File holding the restricted user's password (mode 0600).", valueName: "file"))
    var restrictedPasswordFile: String?
    @Option(name: .customLong("restricted-role"), help: ArgumentHelp("The restricted user's role (repeatable; default manager).", valueName: "role"))
    var restrictedRoles: [String] = []
    @Option(name: .customLong("restricted-scope"), help: ArgumentHelp("An org path in the restricted user's scope (repeatable).", valueName: "path"))
    var restrictedScope: [String] = []

    func validate() throws {
        if restrictedUser == nil && (restrictedPasswordFile != nil || !restrictedRoles.isEmpty || !restrictedScope.isEmpty) {
            throw ValidationError("--restricted-password-file, --restricted-role and --restricted-scope need --restricted-user")
        }
    }

    func run() throws {
        let access = try AccessCLI.open(database, configOptions)
        let password = try PasswordInput.read(file: superuserPasswordFile, prompt: "Password for SUPERUSER: ", confirm: true)
        let created = try AccessCLI.run { try access.setup(superuserPassword: password, force: force) }
        print(created ? "created user SUPERUSER (role superuser)" : "reset user SUPERUSER (role superuser, enabled)")
        if let key = access.auditLog?.key.path {
            Console.error("The audit log's key is in \(key): back it up apart from the database (docs/access.md).")
        }
        guard let restrictedUser else { return }
        let restrictedPassword = try PasswordInput.read(file: restrictedPasswordFile, prompt: "Password for \(restrictedUser): ",
                                                        confirm: true)
        let roles = restrictedRoles.isEmpty ? [Role.manager.name] : restrictedRoles
        try AccessCLI.run {
            let scope = try access.scopeNodeIDs(paths: restrictedScope)
            try access.addUser(AccessControl.NewUser(name: restrictedUser, password: restrictedPassword, roles: roles,
                                                     scopeNodeIDs: scope), by: AccessCLI.actor)
        }
        print("created user \(restrictedUser) (roles \(roles.sorted().joined(separator: ", ")))")
    }
}
