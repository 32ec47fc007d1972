import Analytics
import ArgumentParser
import Foundation
import Governance
import Query
import Reports
import Rollups

/// `tollbook kpi`: the KPIs K1–K20 of an entity per bucket (docs/kpis.md), and `kpi unreturned`.
struct KpiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "Call-centre and traffic KPIs (K1–K20) of a hunt group, extension, trunk group, site, org node or the enterprise.",
        subcommands: [KpiShowCommand.self, KpiUnreturnedCommand.self],
        defaultSubcommand: KpiShowCommand.self)
}

/// The options every `kpi` command shares.
struct KpiOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @OptionGroup var configuration: ConfigOptions
    @Option(help: ArgumentHelp("group:NAME, extension:NUMBER, trunk:GROUP, site:NAME, org:PATH or enterprise.", valueName: "kind:id"))
    var entity: String
    @Option(help: ArgumentHelp("Calls starting at or after this date/time (UTC unless an offset is given).", valueName: "date"))
    var from: String
    @Option(help: ArgumentHelp("Calls starting before this date/time (a date alone: up to its end).", valueName: "date"))
    var to: String

    /// The parsed entity, period and parameters.
    func resolve() throws -> (KPIEntity, Int64, Int64, KPIParameters) {
        let entity = try KPIEntity(parsing: self.entity)
        let fromMs = try CallsCommand.parseDate(from, option: "--from", endOfDay: false)
        let toMs = try CallsCommand.parseDate(to, option: "--to", endOfDay: true)
        return (entity, fromMs, toMs, KPIParameters(configuration: try configuration.load(), entity: entity))
    }

    /// The co-determination profile's and the minimum group size's check of `entity` (exit status 3
    /// when refused or withheld; an extension may be covered by the reader's four-eyes unlocks).
    func check(_ entity: KPIEntity, fromMs: Int64, toMs: Int64, parameters: KPIParameters, query: CallQuery) throws {
        let settings = try GovernanceCLI.settings(configuration)
        try GovernanceCLI.run {
            try KPIGovernance.check(entity, fromMs: fromMs, toMs: toMs, parameters: parameters, settings: settings, query: query)
        }
    }

    /// The profile's minimum group size when a co-determination profile governs, else `nil`.
    func minimumGroupSize() throws -> Int? {
        let governance = try GovernanceCLI.settings(configuration)
        return governance.isGoverned ? governance.minimumGroupSize : nil
    }
}

/// `tollbook kpi --entity KIND:ID --from DATE --to DATE [--bucket …] [--sl-variant NAME] [--format …]`.
struct KpiShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "The KPIs per bucket (the default of `tollbook kpi`).",
        discussion: "Field names and formulas: docs/kpis.md. Undefined figures (empty denominator) are null.")

    @OptionGroup var options: KpiOptions
    @Option(help: "15m (the default), hour, day, week, month or all (UTC bounds).") var bucket = "15m"
    @Option(name: .customLong("sl-variant"), help: ArgumentHelp(
        "ignore_short, negative, ignore_within_T, positive, answered_only or answer_rate (default: the configuration's).",
        valueName: "name"))
    var slVariant: String?
    @Option(help: "table, csv or json.") var format: OutputFormat = .table

    func run() throws {
        var (entity, fromMs, toMs, parameters) = try options.resolve()
        let size = try BucketSize(parsing: bucket)
        if let slVariant { parameters.slVariant = try SLVariant(parsing: slVariant) }
        let query = try options.database.query(as: options.principal, configuration: options.configuration)
        // Roll-ups answer when they may (docs/rollups.md); the output is the detail's. Pending changes are
        // refreshed first when this process may write the store, else the detail answers.
        let file = try options.configuration.load()
        if file?.rollups.enabled ?? true {
            RollupsUpkeep.refreshIfWritable(storePath: options.database.path, configuration: file,
                                            encryption: try options.configuration.storeKeyAccess(file))
        }
        try options.check(entity, fromMs: fromMs, toMs: toMs, parameters: parameters, query: query)
        let buckets = try KPIEngine.compute(query: query, entity: entity, fromMs: fromMs, toMs: toMs, bucket: size,
                                            parameters: parameters, minimumGroupSize: try options.minimumGroupSize(),
                                            rollups: (file?.rollups.enabled ?? true) ? RollupSettings(configuration: file) : nil)
        let header = KPIBucket.CodingKeys.allCases.map(\.rawValue)
        if format == .table {
            // One column per bucket, one row per figure: 37 columns side by side would not fit a terminal.
            let rows = header.indices.map { index in [header[index]] + buckets.map { $0.textValues[index] } }
            let out = OutputWriter()
            out.line(TextTable.render(header: ["FIELD"] + buckets.map { "BUCKET \($0.bucketStart)" }, rows: rows))
            out.flush()
            return
        }
        try KpiOutput.write(buckets, rows: buckets.map(\.textValues), header: header, format: format)
    }
}

/// `tollbook kpi unreturned`: the callers whose missed calls were not returned within the window (K14).
struct KpiUnreturnedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unreturned",
        abstract: "Callers with missed calls not returned within the callback window (one row per caller).",
        discussion: "Numbers are shown as the reader's privacy package allows; matching uses the real numbers.")

    @OptionGroup var options: KpiOptions
    @Option(help: "table, csv or json.") var format: OutputFormat = .table

    func run() throws {
        let (entity, fromMs, toMs, parameters) = try options.resolve()
        let query = try options.database.query(as: options.principal, configuration: options.configuration)
        try options.check(entity, fromMs: fromMs, toMs: toMs, parameters: parameters, query: query)
        let rows = try KPIEngine.unreturned(query: query, entity: entity, fromMs: fromMs, toMs: toMs, parameters: parameters,
                                            minimumGroupSize: try options.minimumGroupSize())
        try KpiOutput.write(rows, rows: rows.map { [$0.caller, "\($0.attempts)", $0.firstAttempt, $0.lastAttempt] },
                            header: UnreturnedCaller.CodingKeys.allCases.map(\.rawValue), format: format)
    }
}

/// Formats KPI results: JSON through their `Codable` form, CSV (RFC 4180 quoting), tables.
enum KpiOutput {
    static func write<T: Encodable>(_ values: [T], rows: [[String]], header: [String], format: OutputFormat) throws {
        let out = OutputWriter()
        switch format {
        case .json, .jsonl:
            let encoder = JSONEncoder()
            if format == .jsonl {
                for value in values { out.line(String(decoding: try encoder.encode(value), as: UTF8.self)) }
            } else {
                encoder.outputFormatting = [.prettyPrinted]
                out.line(String(decoding: try encoder.encode(values), as: UTF8.self))
            }
        case .csv:
            out.write(FieldValue.csvRecord(fields: header))
            for row in rows { out.write(FieldValue.csvRecord(fields: row)) }
        case .table:
            out.line(TextTable.render(header: header.map { $0.uppercased() }, rows: rows))
        }
        out.flush()
    }
}
