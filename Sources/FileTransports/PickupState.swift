import Foundation

/// The files a `keep` pickup has already delivered (name, size, modification time), in a JSON file
/// that is replaced atomically (write, fsync, rename) after every delivery.
final class PickupState {
    private struct File: Codable {
        var files: [Entry]
    }

    /// One remembered file.
    struct Entry: Codable, Hashable {
        var name: String
        var size: Int64
        var modified: Int64
    }

    private let path: String
    private var entries: Set<Entry>

    /// Loads the state file, or starts empty if it does not exist.
    init(path: String) throws {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            entries = []
            return
        }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            entries = Set(try JSONDecoder().decode(File.self, from: data).files)
        } catch {
            throw FileTransportError.stateFile(path: path, reason: "unreadable: \(error)")
        }
    }

    /// Whether exactly this file (name, size, time) was delivered before.
    func contains(_ entry: RemoteEntry) -> Bool {
        entries.contains(Entry(name: entry.name, size: entry.size, modified: entry.modified))
    }

    /// Remembers a delivered file and saves.
    func record(_ entry: RemoteEntry) throws {
        entries.insert(Entry(name: entry.name, size: entry.size, modified: entry.modified))
        try save()
    }

    /// Forgets files that are no longer on the server as they were (gone or changed), which keeps the file
    /// small, and saves if anything changed.
    func prune(keeping listing: [RemoteEntry]) throws {
        let present = Set(listing.map { Entry(name: $0.name, size: $0.size, modified: $0.modified) })
        let kept = entries.intersection(present)
        guard kept.count != entries.count else { return }
        entries = kept
        try save()
    }

    private func save() throws {
        let sorted = entries.sorted { ($0.name, $0.modified, $0.size) < ($1.name, $1.modified, $1.size) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            let data = try encoder.encode(File(files: sorted))
            try AtomicFile.write(data, to: path)
        } catch let error as FileTransportError {
            throw error
        } catch {
            throw FileTransportError.stateFile(path: path, reason: "\(error)")
        }
    }
}
