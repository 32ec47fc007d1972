import Access
import ArgumentParser
import TollbookCore

/// `tollbook users …`: manage user accounts (see docs/access.md).
struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage users: add, list, show, disable, enable, remove, passwd, roles, scope.",
        subcommands: [Add.self, List.self, Show.self, Disable.self, Enable.self, Remove.self, Passwd.self, Roles.self,
                      Scope.self])

    /// `users add NAME`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user with a password (file or terminal) or a directory DN.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The login name (letters, digits, . _ @ -).") var name: String
        @Option(name: .customLong("password-file"), help: ArgumentHelp("File holding the password (mode 0600).", valueName: "file"))
        var passwordFile: String?
        @Option(name: .customLong("role"), help: ArgumentHelp("A role (repeatable).", valueName: "role")) var roles: [String] = []
        @Option(name: .customLong("scope"), help: ArgumentHelp("An org path in the scope (repeatable).", valueName: "path"))
        var scope: [String] = []
        @Option(help: ArgumentHelp("The participant the user is: #id, employee id, e-mail or unique name.", valueName: "ref"))
        var participant: String?
        @Option(name: .customLong("directory-dn"), help: ArgumentHelp("Log in through the directory, binding as this DN (no local password).", valueName: "dn"))
        var directoryDN: String?

        func validate() throws {
            if directoryDN != nil && passwordFile != nil {
                throw ValidationError("a directory user has no local password: give --directory-dn or --password-file, not both")
            }
        }

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            let password = directoryDN != nil ? nil
                : try PasswordInput.read(file: passwordFile, prompt: "Password for \(name): ", confirm: true)
            try AccessCLI.run {
                let nodes = try access.scopeNodeIDs(paths: scope)
                let participantID = try participant.map { try access.participantID(matching: $0) }
                try access.addUser(AccessControl.NewUser(name: name, password: password, roles: roles, scopeNodeIDs: nodes,
                                                         participantID: participantID, directoryDN: directoryDN),
                                   by: AccessCLI.actor)
            }
            print("added user \(name)")
        }
    }

    /// `users list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List users.", discussion: "JSON fields: name, roles, scope (org paths), disabled, last_login (ISO 8601 UTC or null).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: "table or json.") var format: ListFormat = .table

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            let users = try AccessCLI.run { try access.users().map { ($0, try access.scopePaths(nodeIDs: $0.scopeNodeIDs)) } }
            switch format {
            case .json:
                let objects = users.map { user, paths in
                    "  {\"name\":\(JSONText.quote(user.name)),\"roles\":\(AccessCLI.jsonArray(user.roles)),"
                        + "\"scope\":\(AccessCLI.jsonArray(paths)),\"disabled\":\(user.disabled),"
                        + "\"last_login\":\(user.lastLoginMs.map { JSONText.quote(AccessTime.iso($0)) } ?? "null")}"
                }
                print(objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]")
            case .table:
                print(TextTable.render(
                    header: ["NAME", "ROLES", "SCOPE", "DISABLED", "LAST LOGIN"],
                    rows: users.map { user, paths in
                        [user.name, user.roles.joined(separator: ","), paths.joined(separator: ", "),
                         user.disabled ? "yes" : "no", user.lastLoginMs.map(AccessTime.iso) ?? "never"]
                    }))
            }
        }
    }

    /// `users show NAME`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one user.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The login name.") var name: String

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            let (user, paths) = try AccessCLI.run {
                let user = try access.user(named: name)
                return (user, try access.scopePaths(nodeIDs: user.scopeNodeIDs))
            }
            print("""
                name: \(user.name)
                roles: \(user.roles.isEmpty ? "-" : user.roles.joined(separator: ", "))
                scope: \(paths.isEmpty ? "-" : paths.joined(separator: ", "))
                login: \(user.directoryDN.map { "directory (\($0))" } ?? (user.hasPassword ? "password" : "none (tokens only)"))
                participant: \(user.participantID.map { "#\($0)" } ?? "-")
                disabled: \(user.disabled ? "yes" : "no")
                locked until: \(user.lockedUntilMs.map(AccessTime.iso) ?? "-")
                failed logins: \(user.failedAttempts)
                last login: \(user.lastLoginMs.map(AccessTime.iso) ?? "never")
                created: \(AccessTime.iso(user.createdMs))
                """)
        }
    }

    /// `users disable NAME`.
    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user (no login, no token use).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The login name.") var name: String

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            try AccessCLI.run { try access.setDisabled(name, true, by: AccessCLI.actor) }
            print("disabled user \(name)")
        }
    }

    /// `users enable NAME`.
    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a user again (also lifts a lock-out).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The login name.") var name: String

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            try AccessCLI.run { try access.setDisabled(name, false, by: AccessCLI.actor) }
            print("enabled user \(name)")
        }
    }

    /// `users remove NAME`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user with its roles, scope and tokens.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The login name.") var name: String

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            try AccessCLI.run { try access.removeUser(name, by: AccessCLI.actor) }
            print("removed user \(name)")
        }
    }

    /// `users passwd NAME`.
    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (file or terminal).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The login name.") var name: String
        @Option(name: .customLong("password-file"), help: ArgumentHelp("File holding the new password (mode 0600).", valueName: "file"))
        var passwordFile: String?

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            let password = try PasswordInput.read(file: passwordFile, prompt: "New password for \(name): ", confirm: true)
            try AccessCLI.run { try access.changePassword(name, to: password, by: AccessCLI.actor) }
            print("changed the password of \(name)")
        }
    }

    /// `users roles NAME set|add|remove ROLE…`.
    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set, add or remove a user's roles.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The login name.") var name: String
        @Argument(help: "set, add or remove.") var change: ListChange
        @Argument(help: "Role names.") var roles: [String] = []

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            let updated = try AccessCLI.run { try access.changeRoles(name, change, roles, by: AccessCLI.actor) }
            print("roles of \(name): \(updated.isEmpty ? "-" : updated.joined(separator: ", "))")
        }
    }

    /// `users scope NAME set|add|remove PATH…`.
    struct Scope: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set, add or remove org subtrees of a user's scope.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The login name.") var name: String
        @Argument(help: "set, add or remove.") var change: ListChange
        @Argument(help: "Org paths such as Berlin/Sales.") var paths: [String] = []

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            let updated = try AccessCLI.run {
                try access.scopePaths(nodeIDs: try access.changeScope(name, change, try access.scopeNodeIDs(paths: paths),
                                                                      by: AccessCLI.actor))
            }
            print("scope of \(name): \(updated.isEmpty ? "-" : updated.joined(separator: ", "))")
        }
    }
}
