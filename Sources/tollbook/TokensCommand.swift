import Access
import ArgumentParser
import TollbookCore

/// `tollbook tokens …`: API tokens for automation.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Create, list and revoke API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    /// `tokens create --user U --name N [--expires DATE]`.
    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token; it is printed once, only its hash is stored.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: "The user the token acts as.") var user: String
        @Option(help: "The token's name (unique per user).") var name: String
        @Option(help: ArgumentHelp("When it stops working: 2026-12-31 (midnight UTC) or 2026-12-31T12:00:00Z.", valueName: "date"))
        var expires: String?

        func run() throws {
            let expiresMs = try expires.map { try AccessCLI.time($0, option: "--expires") }
            let access = try AccessCLI.open(database, configOptions)
            let token = try AccessCLI.run { try access.createToken(user: user, name: name, expiresMs: expiresMs, by: AccessCLI.actor) }
            print(token)
            Console.error("This token is shown only now; store it in a safe place.")
        }
    }

    /// `tokens list [--user U]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API tokens (never the tokens themselves).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: "Only this user's tokens.") var user: String?
        @Option(help: "table or json.") var format: ListFormat = .table

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            let tokens = try AccessCLI.run { try access.tokens(user: user) }
            func time(_ ms: Int64?) -> String { ms.map(AccessTime.iso) ?? "-" }
            switch format {
            case .json:
                func json(_ ms: Int64?) -> String { ms.map { JSONText.quote(AccessTime.iso($0)) } ?? "null" }
                let objects = tokens.map { token in
                    "  {\"user\":\(JSONText.quote(token.user)),\"name\":\(JSONText.quote(token.name)),"
                        + "\"created\":\(json(token.createdMs)),\"expires\":\(json(token.expiresMs)),"
                        + "\"revoked\":\(json(token.revokedMs)),\"last_used\":\(json(token.lastUsedMs))}"
                }
                print(objects.isEmpty ? "[]" : "[\n" + objects.joined(separator: ",\n") + "\n]")
            case .table:
                print(TextTable.render(header: ["USER", "NAME", "CREATED", "EXPIRES", "REVOKED", "LAST USED"], rows: tokens.map {
                    [$0.user, $0.name, time($0.createdMs), time($0.expiresMs), time($0.revokedMs), time($0.lastUsedMs)]
                }))
            }
        }
    }

    /// `tokens revoke --user U --name N`.
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: "The token's user.") var user: String
        @Option(help: "The token's name.") var name: String

        func run() throws {
            let access = try AccessCLI.open(database, configOptions)
            try AccessCLI.run { try access.revokeToken(user: user, name: name, by: AccessCLI.actor) }
            print("revoked token \(name) of \(user)")
        }
    }
}
