import ArgumentParser
import Store
import TollbookCore

/// `tollbook rejects`: lists quarantined input.
struct RejectsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejects",
        abstract: "List quarantined input: what a connector could not read, with the reason and the raw bytes.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "table, csv, json or jsonl.") var format: OutputFormat = .table

    /// The stable field names, in output order.
    static let fields = ["id", "source", "file", "file_sha256", "offset", "length", "reason", "field", "message", "created", "raw"]

    func run() throws {
        let store = try database.openStore(readOnly: true)
        var printer = ListingPrinter(
            format: format, header: Self.fields,
            tableColumns: ["id", "source", "file", "offset", "length", "reason", "field", "message"])
        try store.forEachReject { stored in
            let reject = stored.reject
            printer.add([
                .integer(stored.id), .text(stored.source), .text(stored.fileName), .text(stored.fileSHA256),
                .integer(Int64(reject.sourceOffset)), .integer(Int64(reject.raw.count)), .text(reject.reason.rawValue),
                .text(reject.field), .text(reject.message), .text(UTCTimestamp.iso8601(milliseconds: stored.createdMs)),
                .text(String(decoding: reject.raw, as: UTF8.self)),
            ])
        }
        printer.finish()
    }
}
