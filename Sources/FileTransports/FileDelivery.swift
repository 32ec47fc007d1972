/// Receives complete files from a transport. `deliver` must make the file durable (the service appends it to
/// its raw journal and fsyncs) before it returns; a normal return is the acknowledgement, a throw refuses the file.
public protocol FileDeliverySink: Sendable {
    /// Makes `file` durable, or throws to refuse it (the transport then keeps or re-offers the file).
    func deliver(_ file: DeliveredFile) throws
}

/// One complete file handed from a transport to a ``FileDeliverySink``.
public struct DeliveredFile: Sendable, Equatable {
    /// The file name as sent, without directories.
    public var name: String
    /// A local file holding the complete contents, readable while `deliver` runs.
    public var path: String
    /// The size in bytes.
    public var size: Int64
    /// Where it came from, e.g. `sftp:billing@127.0.0.1` or `ftp://host/dir`.
    public var peer: String

    /// Creates a delivered file description.
    public init(name: String, path: String, size: Int64, peer: String) {
        self.name = name
        self.path = path
        self.size = size
        self.peer = peer
    }
}

/// A log line sink injected by the caller (no global logger). Lines never hold passwords or file contents.
public typealias FileTransportLog = @Sendable (String) -> Void
