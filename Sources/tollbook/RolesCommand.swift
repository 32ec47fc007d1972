import Access
import ArgumentParser
import TollbookCore

/// `tollbook roles …`: the built-in roles and custom roles made from the same permissions.
struct RolesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roles", abstract: "List roles; add or remove custom roles.", subcommands: [List.self, Add.self, Remove.self])

    /// `roles list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the built-in and custom roles with their permissions.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: "table or json.") var format: ListFormat = .table

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            let roles = try AccessCLI.run { try access.roles() }
            let builtIn = Set(Role.builtIn.map(\.name))
            switch format {
            case .json:
                let objects = roles.map { role in
                    "  {\"name\":\(JSONText.quote(role.name)),\"built_in\":\(builtIn.contains(role.name)),"
                        + "\"permissions\":\(AccessCLI.jsonArray(role.permissions.sorted().map(\.rawValue)))}"
                }
                print("[\n" + objects.joined(separator: ",\n") + "\n]")
            case .table:
                print(TextTable.render(header: ["ROLE", "KIND", "PERMISSIONS"], rows: roles.map { role in
                    [role.name, builtIn.contains(role.name) ? "built-in" : "custom",
                     role.permissions.sorted().map(\.rawValue).joined(separator: " ")]
                }))
            }
        }
    }

    /// `roles add NAME PERMISSION…`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a custom role from permission names (docs/access.md).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The role's name.") var name: String
        @Argument(help: "Permission names such as reports.run.") var permissions: [String]

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            try AccessCLI.run { try access.addCustomRole(name, permissions: permissions, by: AccessCLI.actor) }
            print("added role \(name)")
        }
    }

    /// `roles remove NAME`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a custom role that no user holds.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Argument(help: "The role's name.") var name: String

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            try AccessCLI.run { try access.removeCustomRole(name, by: AccessCLI.actor) }
            print("removed role \(name)")
        }
    }
}
