import ArgumentParser
import Foundation
import Query
import Store
import TollbookCore

/// `tollbook rejects`: lists quarantined input.
struct RejectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejects",
        abstract: "List quarantined input: what a connector could not read, with the reason and the raw bytes.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var principal: PrincipalOptions
    @OptionGroup var configuration: ConfigOptions
    @Option(help: "table, csv, json or jsonl.") var format: OutputFormat = .table
    @Option(help: ArgumentHelp(
        "How the raw bytes are printed: text (UTF-8, invalid bytes replaced: lossy), hex or base64 (exact).",
        valueName: "encoding"))
    var raw: RawBytesEncoding = .text

    /// The stable field names, in output order.
    static let fields = ["id", "source", "file", "file_sha256", "offset", "length", "reason", "field", "message", "created", "raw",
                         "raw_encoding", "import_id", "conflict_call_id", "conflict_raw"]

    func run() throws {
        let query = try database.query(as: principal, configuration: configuration)
        var printer = ListingPrinter(
            format: format, header: Self.fields,
            tableColumns: ["id", "source", "file", "offset", "length", "reason", "field", "message"])
        try query.rejects { stored in
            let reject = stored.reject
            printer.add([
                .integer(stored.id), .text(stored.source), .text(stored.fileName), .text(stored.fileSHA256),
                .integer(Int64(reject.sourceOffset)), .integer(Int64(reject.raw.count)), .text(reject.reason.rawValue),
                .text(reject.field), .text(reject.message), .text(UTCTimestamp.iso8601(milliseconds: stored.createdMs)),
                .text(raw.encode(reject.raw)), .text(raw.rawValue), stored.importID.map(FieldValue.integer) ?? .null,
                stored.conflictCallID.map(FieldValue.integer) ?? .null, stored.conflictRaw.map { .text(raw.encode($0)) } ?? .null,
            ])
        }
        printer.finish()
    }
}
