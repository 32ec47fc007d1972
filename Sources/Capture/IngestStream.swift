import Crypto
import Host
import Store
import TollbookCore

/// One journal stream being read by an ``Ingester``: its parser, the bytes the parser has not
/// consumed yet, its counts and its running hash.
final class IngestStream {
    /// The committed state (import id, counts, consumed bytes).
    var state: IngestStreamState
    /// What the stream is called in the import log (a file name, a peer).
    let origin: String
    /// The stream's parser.
    let parser: any StreamParser
    /// Records and rejects below this stream offset are already stored (a stream read again after
    /// a restart); 0 for a new stream.
    let dropBelow: UInt64
    /// The key rejects are stored under until the stream's hash is known.
    let provisionalKey: String
    /// Bytes of the stream received so far.
    var received: UInt64 = 0
    /// Bytes the parser has not consumed yet (a record split across entries).
    var pending: [UInt8] = []
    /// SHA-256 of the stream so far.
    var hasher = SHA256()
    /// Worker restarts already counted in the metrics.
    var reportedRestarts = 0
    /// Set when the parser failed: the rest of the stream is quarantined as it comes.
    var failure: StreamFailure?
    /// Whether the parser runs outside this process (nothing to guard against crashes).
    let isIsolated: Bool

    init(state: IngestStreamState, origin: String, parser: any StreamParser, dropBelow: UInt64, provisionalKey: String,
         isIsolated: Bool) {
        self.isIsolated = isIsolated
        self.state = state
        self.origin = origin
        self.parser = parser
        self.dropBelow = dropBelow
        self.provisionalKey = provisionalKey
    }
}
