import ArgumentParser
import Foundation
import Org
import TollbookCore

/// `tollbook org`: the org chart (nodes, participants, classifiers), its CSV import and display.
struct OrgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org",
        abstract: "Manage the org chart: nodes, participants and their classifiers over time.",
        discussion: """
            Paths name nodes from the top level down, separated by '/': Berlin/Sales/Inside sales (at most 7 levels). \
            Participants are named by #id, employee id, e-mail or (unique) name. Dates are ISO 8601 (UTC unless an \
            offset is given); a date alone means midnight in the time zone of the configuration's first \
            site (UTC without a configuration); dates default to today. See docs/org.md.
            """,
        subcommands: [OrgShowCommand.self, OrgNodeCommand.self, OrgParticipantCommand.self, OrgClassifierCommand.self,
                      OrgImportCommand.self, OrgSyncCommand.self])
}

/// Shared helpers of the `org` subcommands.
enum OrgCLI {
    /// Now, UTC ms, from the one system clock (``MillisecondClock/system``).
    static var nowMs: Int64 { MillisecondClock.system.now() }

    /// The clock org dates are read on: midnights of the configuration's first site's time zone
    /// (UTC without a configuration), so "from 2025-03-16" means local midnight.
    static func clock(_ config: ConfigOptions) throws -> OrgClock {
        guard let file = try config.load(), let zoneName = file.sites.first?.timeZone else { return .utc }
        guard let zone = TimeZone(identifier: zoneName) else { throw CLIError("\(file.path): unknown time zone '\(zoneName)'") }
        return OrgClock(timeZone: zone)
    }

    /// A date option on `clock`, or midnight today when not given.
    static func date(_ text: String?, option: String, clock: OrgClock) throws -> Int64 {
        guard let text else { return clock.startOfDay(nowMs) }
        guard let ms = clock.parse(text) else {
            throw ValidationError("\(option) '\(text)' is not an ISO 8601 date or time such as 2025-04-01")
        }
        return ms
    }

    /// A path argument.
    static func path(_ text: String) throws -> OrgPath {
        do { return try OrgPath(parsing: text) } catch { throw CLIError("\(error)") }
    }

    /// Runs `body` with the chart of the store, turning org errors into user errors.
    /// - Parameter readOnly: the command only reads (`org show`, reports): a write-protected
    ///   store is then opened read-only instead of failing.
    static func withChart<T>(_ database: DatabaseOptions, clock: OrgClock = .utc, readOnly: Bool = false,
                             _ body: (OrgChart) throws -> T) throws -> T {
        let store = try database.openStore(readOnly: readOnly)
        do {
            return try body(OrgChart(store: store, clock: clock))
        } catch let error as OrgError {
            throw CLIError("\(error)")
        }
    }
}

extension NodeType: ExpressibleByArgument {}
extension ClassifierKind: ExpressibleByArgument {}
extension CSVEncoding: ExpressibleByArgument {}
