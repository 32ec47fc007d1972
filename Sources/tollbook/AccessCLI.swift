import Access
import ArgumentParser
import Foundation
import TollbookCore

/// Shared plumbing of the access commands (`setup`, `users`, `roles`, `tokens`, `login`, `audit`).
enum AccessCLI {
    /// Who the commands act as: the operator who owns the database file.
    static let actor = Principal.databaseOwner

    /// Opens access control for `--db` with the `access:` / `directory:` sections of `--config`.
    static func open(_ database: DatabaseOptions, _ config: ConfigOptions) throws -> AccessControl {
        let configuration = try config.load()
        return try run { try AccessControl.open(databasePath: database.path, configuration: configuration) }
    }

    /// Runs `body`, turning module errors into user errors.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CLIError {
            throw error
        } catch let error as ExitCode {
            throw error
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// The audit log of `access`.
    static func auditLog(_ access: AccessControl) throws -> AuditLog {
        guard let log = access.auditLog else { throw CLIError("the audit log is not available") }
        return log
    }

    /// `2026-12-31` or `2026-12-31T12:00:00Z` as UTC ms.
    static func time(_ text: String, option: String) throws -> Int64 {
        guard let ms = AccessTime.parse(text) else {
            throw ValidationError("\(option) '\(text)' is not a date such as 2026-12-31 or a UTC time such as 2026-12-31T12:00:00Z")
        }
        return ms
    }

    /// A JSON array of strings.
    static func jsonArray(_ items: [String]) -> String {
        "[" + items.map(JSONText.quote).joined(separator: ",") + "]"
    }

}

/// Table or JSON.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Table, CSV or JSON.
enum AuditFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

extension ListChange: ExpressibleByArgument {}
