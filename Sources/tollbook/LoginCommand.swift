import Access
import ArgumentParser

/// `tollbook login`: checks credentials as the web login will and shows the resolved principal.
struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login", abstract: "Check a user's credentials (lock-out and audit as the web login) and show what they may do.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var configOptions: ConfigOptions
    @Option(help: "The login name.") var user: String
    @Option(name: .customLong("password-file"), help: ArgumentHelp("File holding the password (mode 0600).", valueName: "file"))
    var passwordFile: String?

    func run() throws {
        let access = try AccessCLI.open(database, configOptions)
        let password = try PasswordInput.read(file: passwordFile, prompt: "Password for \(user): ", confirm: false)
        let (principal, roles, scope) = try AccessCLI.run {
            let principal = try access.authenticate(user: user, password: password)
            let scope: String
            switch principal.scope {
            case .everything: scope = "everything"
            case .subtrees(let nodes):
                let paths = try access.scopePaths(nodeIDs: nodes.sorted())
                scope = paths.isEmpty ? "-" : paths.joined(separator: ", ")
            }
            return (principal, try access.user(named: user).roles, scope)
        }
        print("""
            user: \(principal.userName)
            roles: \(roles.isEmpty ? "-" : roles.joined(separator: ", "))
            permissions: \(principal.permissions.sorted().map(\.rawValue).joined(separator: ", "))
            scope: \(scope)
            participant: \(principal.participantID.map { "#\($0)" } ?? "-")
            """)
    }
}
