import Access
import ArgumentParser
import Foundation
import Query

/// `--as USER`: run a reading command as that user would see it (for admins checking a scope).
/// Without it, the operator who owns the database file acts as superuser.
struct PrincipalOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp(
        "Show exactly what this user would see (default: the database owner, who sees everything).", valueName: "user"))
    var user: String?

    /// The principal the command reads as.
    func principal(databasePath: String) throws -> Principal {
        guard let user else { return .databaseOwner }
        return try resolvePrincipal(forUser: user, databasePath: databasePath)
    }
}

/// The principal of user `name` in the store at `databasePath`.
///
/// Not wired yet: users live in the access module (stream wt-16a); after merging, this calls
/// `AccessControl.principal(forUser:)`.
func resolvePrincipal(forUser name: String, databasePath: String) throws -> Principal {
    throw CLIError("--as needs the access module")
}

/// Where the reading commands record audited events (refusals, exports by users).
///
/// Not wired yet: the audit log lives in the access module (stream wt-16a). The database owner's
/// reads record nothing, so until then only `--as` (refused above) could reach this; it fails the
/// action rather than losing an event.
struct CLIAuditLog: AuditRecording {
    func record(_ event: AuditEvent) throws {
        throw CLIError("cannot record '\(event.action)': the audit log needs the access module")
    }
}

extension DatabaseOptions {
    /// Creates and migrates the store if needed (as every command does), then returns its path
    /// for the query layer's read-only connection.
    func prepareForQuery() throws -> String {
        _ = try openStore(readOnly: true)
        return path
    }

    /// The query layer on this store for `principal`.
    func query(as principals: PrincipalOptions) throws -> CallQuery {
        let path = try prepareForQuery()
        do {
            return try CallQuery(path: path, principal: try principals.principal(databasePath: path), audit: CLIAuditLog())
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
    }
}
