/// What a pickup does with a remote file after the sink accepted it.
public enum PickupAfter: Sendable, Equatable {
    /// Delete the remote file.
    case delete
    /// Leave it and remember name, size and modification time in this state file (written atomically),
    /// so it is not fetched again, also after a restart.
    case keep(stateFile: String)
}

/// The part of a pickup (SFTP or FTP) that does not depend on the protocol.
public struct PickupSettings: Sendable, Equatable {
    /// The remote directory to collect from (relative to the login directory, or absolute).
    public var remoteDirectory: String
    /// A shell glob (`fnmatch`) the file names must match, e.g. `cdr_*`.
    public var pattern: String
    /// Delete or keep fetched files.
    public var after: PickupAfter
    /// A local directory for downloads in progress (files are removed after delivery).
    public var stagingDirectory: String
    /// Seconds between the two listings that tell a finished file (same size) from one still being written.
    /// A file whose size was the same in the previous `poll()` needs no second listing; 0 turns the check off.
    public var settleSeconds: Double

    /// Creates pickup settings. Names starting with `_` or `.` are always skipped (still being written).
    public init(remoteDirectory: String, pattern: String = "*", after: PickupAfter, stagingDirectory: String,
                settleSeconds: Double = 2) {
        self.remoteDirectory = remoteDirectory
        self.pattern = pattern
        self.after = after
        self.stagingDirectory = stagingDirectory
        self.settleSeconds = settleSeconds
    }
}

/// What one `poll()` did.
public struct PickupResult: Sendable, Equatable {
    /// Files delivered to the sink (and then deleted or remembered), in order.
    public var delivered: [String] = []
    /// Files the sink refused: left on the server, offered again next round.
    public var refused: [String] = []
    /// Files still growing (size changed between listings): left for the next round.
    public var unstable: [String] = []
    /// Files that failed to download or to delete, with the reason (left for the next round).
    public var failed: [String: String] = [:]

    /// An empty result.
    public init() {}
}
