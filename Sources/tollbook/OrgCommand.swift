import ArgumentParser
import Foundation
import Org

/// `tollbook org`: the org chart (nodes, participants, classifiers), its CSV import and display.
struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "Manage the org chart: nodes, participants and their classifiers over time.",
        discussion: """
            Paths name nodes from the top level down, separated by '/': Berlin/Sales/Inside sales (at most 7 levels). \
            Participants are named by #id, employee id, e-mail or (unique) name. Dates are ISO 8601 (UTC unless an \
            offset is given) and default to today (midnight UTC). See docs/org.md.
            """,
        subcommands: [OrgShowCommand.self, OrgNodeCommand.self, OrgParticipantCommand.self, OrgClassifierCommand.self,
                      OrgImportCommand.self, OrgSyncCommand.self])
}

/// Shared helpers of the `org` subcommands.
enum OrgCLI {
    /// Now, UTC ms.
    static var nowMs: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// A date option, or midnight UTC today when not given.
    static func date(_ text: String?, option: String) throws -> Int64 {
        guard let text else { return OrgDate.startOfDay(nowMs) }
        guard let ms = OrgDate.parse(text) else {
            throw ValidationError("\(option) '\(text)' is not an ISO 8601 date or time such as 2025-04-01")
        }
        return ms
    }

    /// A path argument.
    static func path(_ text: String) throws -> OrgPath {
        do { return try OrgPath(parsing: text) } catch { throw CLIError("\(error)") }
    }

    /// Runs `body` with the chart of the store, turning org errors into user errors.
    static func withChart<T>(_ database: DatabaseOptions, _ body: (OrgChart) throws -> T) throws -> T {
        let store = try database.openStore()
        do {
            return try body(OrgChart(store: store))
        } catch let error as OrgError {
            throw CLIError("\(error)")
        }
    }
}

extension NodeType: ExpressibleByArgument {}
extension ClassifierKind: ExpressibleByArgument {}
