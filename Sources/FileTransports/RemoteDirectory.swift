/// A file in a remote directory listing.
struct RemoteEntry: Equatable {
    /// The file name (no directories).
    var name: String
    /// The size in bytes.
    var size: Int64
    /// Modification time (seconds since 1970; 0 when the server does not say).
    var modified: Int64
}

/// One connection to a remote directory (SFTP or FTP), used for one pickup round.
protocol RemoteDirectory {
    /// `sftp://user@host:port/dir` or `ftp://host:port/dir`, for the sink and messages.
    var peer: String { get }
    /// The regular files in the directory whose names pass `wanted` (others may be left out, which saves
    /// per-file requests on FTP).
    func list(wanted: (String) -> Bool) throws -> [RemoteEntry]
    /// Downloads `name` into the local file `path` (created or truncated).
    func download(_ name: String, to path: String) throws
    /// Deletes `name`.
    func delete(_ name: String) throws
}
