import ArgumentParser
import Foundation
import Rollups
import Store
import TollbookConfiguration

/// `tollbook rollups verify|status|rebuild`: the KPI roll-ups (docs/rollups.md).
struct RollupsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollups", abstract: "Verify, inspect and rebuild the KPI roll-ups (quarter hours per hunt group, trunk, site, enterprise).",
        subcommands: [Verify.self, Status.self, Rebuild.self])

    /// The maintenance of the store with the configuration's settings.
    static func maintenance(_ database: DatabaseOptions, _ configOptions: ConfigOptions) throws -> RollupMaintenance {
        let file = try configOptions.load()
        let encryption = try configOptions.storeKeyAccess(file)
        _ = try database.openStore(encryption: encryption)
        return RollupMaintenance(storePath: database.path, configuration: file, encryption: encryption)
    }

    /// `--from` / `--to` as UTC ms (`--to` a date alone: up to its end).
    static func range(_ from: String?, _ to: String?) throws -> (Int64?, Int64?) {
        (try from.map { try CallsCommand.parseDate($0, option: "--from", endOfDay: false) },
         try to.map { try CallsCommand.parseDate($0, option: "--to", endOfDay: true) })
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `rollups verify [--from DATE --to DATE] [--format table|json]`.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the roll-ups from the detail and compare them field by field.",
            discussion: """
                Prints per kind the quarters and rows checked, every mismatch (entity, quarter, field, stored and \
                recomputed value) and the quarters skipped as kept sums of erased or expired detail. Exit status 1 \
                on any mismatch.
                """)
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: ArgumentHelp("First day or UTC time (default: the first stored row or call).", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("Last day (inclusive) or UTC time (default: the last).", valueName: "date")) var to: String?
        @Option(help: "table or json.") var format: ListFormat = .table

        func run() throws {
            let (fromMs, toMs) = try RollupsCommand.range(from, to)
            let report: RollupVerifyReport
            do {
                report = try RollupsCommand.maintenance(database, configOptions).verify(fromMs: fromMs, toMs: toMs)
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError("\(error)")
            }
            switch format {
            case .json: print(try RollupsCommand.json(report))
            case .table:
                print("checked \(report.from) to \(report.to)")
                print(TextTable.render(header: ["KIND", "QUARTERS", "ROWS", "MISMATCHED ROWS"], rows: report.kinds.map {
                    [$0.kind, String($0.quarters), String($0.rows), String($0.mismatchedRows)]
                }))
                if !report.mismatches.isEmpty {
                    print(TextTable.render(header: ["ENTITY", "QUARTER", "FIELD", "STORED", "RECOMPUTED"], rows: report.mismatches.map {
                        [$0.entity, $0.quarter, $0.field, $0.stored, $0.recomputed]
                    }))
                }
                print("kept sums (skipped): \(report.keptQuarters) quarters" + (report.kept.isEmpty ? "" : " — " + report.kept.joined(separator: ", ")))
                print(report.passed ? "roll-ups match the detail" : "\(report.mismatches.count) mismatching fields")
            }
            if !report.passed { throw ExitCode.failure }
        }
    }

    /// `rollups status [--format table|json]`.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rows and entities per kind, pending changes, whether the settings fingerprint matches, last refresh.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: "table or json.") var format: ListFormat = .table

        func run() throws {
            let status: RollupStatus
            do {
                status = try RollupsCommand.maintenance(database, configOptions).status()
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError("\(error)")
            }
            switch format {
            case .json: print(try RollupsCommand.json(status))
            case .table:
                print(TextTable.render(header: ["KIND", "ENTITIES", "ROWS"], rows: status.rows.keys.sorted().map {
                    [$0, String(status.entities[$0] ?? 0), String(status.rows[$0] ?? 0)]
                }))
                print("pending changes: " + (status.dirty.isEmpty ? "none" : status.dirty.joined(separator: ", ")))
                print(status.fingerprintMatches
                      ? "fingerprint: \(status.configuredFingerprint) (matches the configuration)"
                      : "fingerprint: stored \(status.storedFingerprint ?? "none"), configuration \(status.configuredFingerprint) — differs: run tollbook rollups rebuild (KPIs are computed from the detail until then)")
                print("last refresh: \(status.lastRefresh ?? "never")")
                if let retained = status.retainedBefore { print("kept sums of expired detail before \(retained)") }
            }
        }
    }

    /// `rollups rebuild [--from DATE --to DATE]`.
    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the roll-ups from the detail: all of them (and store the current settings' fingerprint), or a range.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var configOptions: ConfigOptions
        @Option(help: ArgumentHelp("First day or UTC time.", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("Last day (inclusive) or UTC time.", valueName: "date")) var to: String?

        func run() throws {
            let (fromMs, toMs) = try RollupsCommand.range(from, to)
            do {
                let report = try RollupsCommand.maintenance(database, configOptions).rebuild(fromMs: fromMs, toMs: toMs)
                print("\(report.rowsWritten) rows written from \(report.legsRead) legs")
            } catch let error as CLIError {
                throw error
            } catch {
                throw CLIError("\(error)")
            }
        }
    }
}

/// The roll-up upkeep of the writing commands (import, journal replay, erase, retention).
enum RollupsUpkeep {
    /// After a command stored or removed calls: refreshes the changed quarters when roll-ups are
    /// enabled; when they are disabled, marks stored rows as built under unknown settings (so that
    /// they are rebuilt, not read, once roll-ups are enabled again).
    static func afterWrite(storePath: String, configuration: ConfigurationFile?, encryption: StoreKeyAccess) throws {
        if configuration?.rollups.enabled ?? true {
            let report = try RollupMaintenance(storePath: storePath, configuration: configuration, encryption: encryption).refresh()
            if let skipped = report.skipped { Console.error("warning: roll-ups not refreshed: \(skipped)") }
        } else {
            try CallStore(path: storePath, encryption: encryption).invalidateRollups()
        }
    }

    /// Before a KPI read: refreshes pending changes when the store file is writable by this
    /// process (a failure only means the detail answers; it is reported on standard error).
    static func refreshIfWritable(storePath: String, configuration: ConfigurationFile?, encryption: StoreKeyAccess) {
        guard access(storePath, W_OK) == 0 else { return }
        do {
            _ = try RollupMaintenance(storePath: storePath, configuration: configuration, encryption: encryption).refreshPending()
        } catch {
            Console.error("warning: roll-ups not refreshed, the KPIs are computed from the detail: \(error)")
        }
    }
}
