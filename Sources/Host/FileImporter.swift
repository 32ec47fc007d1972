import Crypto
import Foundation
import Store
import TollbookCore

/// Imports CDR files through a connector plugin into the call store.
///
/// Streams every file in fixed-size chunks (memory does not grow with the file), hashes it on the
/// way, stores records with the store's prepared statements in large transactions, quarantines
/// rejects with their raw bytes, and writes one import-log row per file. Importing the same file
/// again adds nothing: records are unique per (source, vendor record id), rejects per
/// (source, file hash, offset).
public final class FileImporter {
    /// Size of the chunks read from a file and fed to the plugin.
    public static let chunkSize = 1 << 20
    /// Records per write transaction.
    public static let recordsPerTransaction = 50_000

    private let store: CallStore
    private let plugin: PluginLibrary
    private let sourceName: String
    private let optionsJSON: String
    private let converter: WallClockConverter
    private let clock: @Sendable () -> Int64

    /// Creates an importer.
    /// - Parameters:
    ///   - store: where calls go.
    ///   - plugin: the connector.
    ///   - sourceName: the PBX's name in the store (`--source`).
    ///   - optionsJSON: the connector's options as a JSON object.
    ///   - timeZone: the PBX's zone, for connectors that report local wall-clock times.
    ///   - clock: current UTC milliseconds (tests may pin it).
    public init(store: CallStore, plugin: PluginLibrary, sourceName: String, optionsJSON: String,
                timeZone: WallClockConverter, clock: @escaping @Sendable () -> Int64 = FileImporter.nowMs) {
        self.store = store
        self.plugin = plugin
        self.sourceName = sourceName
        self.optionsJSON = optionsJSON
        self.converter = timeZone
        self.clock = clock
    }

    /// Current UTC milliseconds.
    @Sendable public static func nowMs() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// Imports one file.
    /// - Parameters:
    ///   - path: the file.
    ///   - progress: called after every chunk with (bytes done, file size).
    /// - Returns: the counts of this file.
    /// - Throws: ``HostError`` for an unreadable file, a probe refusal or a plugin failure;
    ///   ``StoreError`` for database problems. Records stored before the error stay stored; the
    ///   import log marks the file as failed.
    public func importFile(at path: String, progress: ((Int64, Int64) -> Void)? = nil) throws -> ImportCounts {
        let handle: FileHandle
        let size: Int64
        do {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw HostError.unreadableFile(path: path, reason: "no such file")
            }
            guard !isDirectory.boolValue else { throw HostError.unreadableFile(path: path, reason: "is a directory") }
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw HostError.unreadableFile(path: path, reason: "permission denied")
            }
            handle = opened
            size = Int64((try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0)
        }
        defer { try? handle.close() }

        // Probe and hash first: the import log and the reject keys need the file's hash before any row.
        let (sha256, head) = try hashFile(handle, path: path)
        if !head.isEmpty, let score = plugin.probe(head), score == 0 {
            throw HostError.probeRefused(path: path, connector: plugin.info.id)
        }
        try handle.seek(toOffset: 0)

        let sourceID = try store.sourceID(named: sourceName, connector: plugin.info.id, nowMs: clock())
        let importID = try store.beginImport(sourceID: sourceID, filePath: path, sha256: sha256, bytes: size, nowMs: clock())
        let session = try ParserSession(
            plugin: plugin, optionsJSON: optionsJSON, sourceName: (path as NSString).lastPathComponent,
            timeZone: converter)
        var counts = ImportCounts()
        var sinceCommit = 0
        let fileName = (path as NSString).lastPathComponent
        func drain() throws {
            let output = session.takeOutput()
            counts.skipped += output.skipped
            guard !output.records.isEmpty || !output.rejects.isEmpty else { return }
            try store.beginBatch()
            for record in output.records {
                if try store.insert(record, sourceID: sourceID, importID: importID) {
                    counts.imported += 1
                } else {
                    counts.duplicates += 1
                }
            }
            for reject in output.rejects {
                _ = try store.insert(reject, sourceID: sourceID, importID: importID, fileSHA256: sha256,
                                     fileName: fileName, nowMs: clock())
                counts.rejected += 1
            }
            sinceCommit += output.records.count + output.rejects.count
            if sinceCommit >= Self.recordsPerTransaction {
                try store.commitBatch()
                sinceCommit = 0
            }
        }
        do {
            var done: Int64 = 0
            while true {
                let chunk: Data
                do {
                    chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
                } catch {
                    throw HostError.unreadableFile(path: path, reason: error.localizedDescription)
                }
                if chunk.isEmpty { break }
                try chunk.withUnsafeBytes { try session.feed($0) }
                try drain()
                done += Int64(chunk.count)
                progress?(done, size)
            }
            try session.finish()
            try drain()
            try store.commitBatch()
            try store.finishImport(id: importID, counts: counts, status: .completed, error: nil, nowMs: clock())
        } catch {
            store.rollbackBatch()
            try? store.finishImport(id: importID, counts: counts, status: .failed, error: "\(error)", nowMs: clock())
            throw error
        }
        return counts
    }

    /// SHA-256 of the whole file (hex) and its first 64 KiB for the probe.
    private func hashFile(_ handle: FileHandle, path: String) throws -> (String, [UInt8]) {
        var hasher = SHA256()
        var head: [UInt8] = []
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: Self.chunkSize) ?? Data()
            } catch {
                throw HostError.unreadableFile(path: path, reason: error.localizedDescription)
            }
            if chunk.isEmpty { break }
            if head.count < 65_536 { head.append(contentsOf: chunk.prefix(65_536 - head.count)) }
            hasher.update(data: chunk)
        }
        let digest = hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        return (digest, head)
    }
}
