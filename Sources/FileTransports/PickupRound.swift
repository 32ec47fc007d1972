import Foundation

/// One pickup round over a connected ``RemoteDirectory``: list, wait for stable sizes, download each new
/// file, deliver it, and only then delete or remember it. Shared by ``SFTPPickup`` and ``FTPPickup``.
struct PickupRound {
    let settings: PickupSettings
    let sink: any FileDeliverySink
    let log: FileTransportLog

    /// Runs the round. `previousSizes` (sizes seen by the last round) is read and updated.
    /// - Throws: when the directory cannot be listed or the state file cannot be read.
    func run(_ remote: some RemoteDirectory, previousSizes: inout [String: Int64]) throws -> PickupResult {
        var result = PickupResult()
        let state = try keepState()
        let first = try remote.list(wanted: isWanted)
        try state?.prune(keeping: first)
        let candidates = first.filter { !(state?.contains($0) ?? false) }
            .sorted { $0.name < $1.name }
        var stable = candidates.filter { previousSizes[$0.name] == $0.size || settings.settleSeconds <= 0 }
        var latest = Dictionary(first.map { ($0.name, $0.size) }, uniquingKeysWith: { a, _ in a })
        let unconfirmed = candidates.filter { entry in !stable.contains(entry) }
        if !unconfirmed.isEmpty {
            Thread.sleep(forTimeInterval: settings.settleSeconds)
            let second = Dictionary(try remote.list(wanted: isWanted).map { ($0.name, $0.size) }, uniquingKeysWith: { a, _ in a })
            for entry in unconfirmed {
                if second[entry.name] == entry.size { stable.append(entry) } else if second[entry.name] != nil {
                    result.unstable.append(entry.name)
                }
            }
            latest = second
            stable.sort { $0.name < $1.name }
        }
        previousSizes = latest
        try FileManager.default.createDirectory(atPath: settings.stagingDirectory, withIntermediateDirectories: true)
        for entry in stable { fetch(entry, from: remote, state: state, into: &result) }
        return result
    }

    /// Whether a name is collected: matches the pattern, and does not start with `_` or `.` (in progress).
    func isWanted(_ name: String) -> Bool {
        guard let first = name.first, first != "_", first != "." else { return false }
        return fnmatch(settings.pattern, name, 0) == 0
    }

    private func keepState() throws -> PickupState? {
        guard case .keep(let path) = settings.after else { return nil }
        return try PickupState(path: path)
    }

    private func fetch(_ entry: RemoteEntry, from remote: some RemoteDirectory, state: PickupState?,
                       into result: inout PickupResult) {
        let local = (settings.stagingDirectory as NSString).appendingPathComponent(".pickup-\(UUID().uuidString)")
        defer { unlink(local) }
        do {
            try remote.download(entry.name, to: local)
        } catch {
            log("pickup of \(LogText.clean(entry.name)) from \(remote.peer) failed: \(error)")
            result.failed[entry.name] = "\(error)"
            return
        }
        var info = stat()
        guard stat(local, &info) == 0, Int64(info.st_size) == entry.size else {
            log("pickup of \(LogText.clean(entry.name)) from \(remote.peer): size changed while downloading; next round")
            result.unstable.append(entry.name)
            return
        }
        do {
            try sink.deliver(DeliveredFile(name: entry.name, path: local, size: entry.size, peer: remote.peer))
        } catch {
            log("delivery of \(LogText.clean(entry.name)) (\(entry.size) bytes) from \(remote.peer) refused: \(error); left on the server")
            result.refused.append(entry.name)
            return
        }
        result.delivered.append(entry.name)
        do {
            if let state { try state.record(entry) } else { try remote.delete(entry.name) }
            log("picked up \(LogText.clean(entry.name)) (\(entry.size) bytes) from \(remote.peer)")
        } catch {
            // Delivered but not deleted / remembered: it will be delivered again (the service is idempotent).
            log("picked up \(LogText.clean(entry.name)) from \(remote.peer) but: \(error)")
            result.failed[entry.name] = "\(error)"
        }
    }
}
