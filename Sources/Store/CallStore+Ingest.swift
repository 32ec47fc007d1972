import TollbookCore

/// Where a connector instance stands in its raw journal (see store migration 7).
public struct IngestPosition: Sendable, Equatable {
    /// The first journal entry not read yet (1 for a new instance).
    public var nextSeq: UInt64
    /// The streams that were open at the last commit.
    public var openStreams: [IngestStreamState]

    /// Creates a position.
    public init(nextSeq: UInt64, openStreams: [IngestStreamState]) {
        self.nextSeq = nextSeq
        self.openStreams = openStreams
    }
}

/// A journal stream (a file, a connection, an HTTP body) of a connector instance, as committed.
public struct IngestStreamState: Sendable, Equatable {
    /// The journal sequence number of the stream's first entry (its id).
    public var stream: UInt64
    /// Its entry in the import log.
    public var importID: Int64
    /// When its first entry was received (UTC ms).
    public var receivedMs: Int64
    /// How many of its bytes have their records stored.
    public var consumed: UInt64
    /// The counts stored so far.
    public var counts: ImportCounts

    /// Creates a stream state.
    public init(stream: UInt64, importID: Int64, receivedMs: Int64, consumed: UInt64, counts: ImportCounts) {
        self.stream = stream
        self.importID = importID
        self.receivedMs = receivedMs
        self.consumed = consumed
        self.counts = counts
    }
}

extension CallStore {
    /// The committed journal position of a source (a new source starts at entry 1).
    public func ingestPosition(sourceID: Int64) throws -> IngestPosition {
        let select = try database.prepare("SELECT next_seq FROM ingest_positions WHERE source_id = ?")
        select.bind(1, sourceID)
        let next = try select.step() ? UInt64(select.int64(0)) : 1
        let streams = try database.prepare("""
            SELECT s.stream, s.import_id, s.received_ms, s.consumed, i.imported, i.duplicates, i.rejected, i.skipped
            FROM ingest_streams s JOIN imports i ON i.id = s.import_id
            WHERE s.source_id = ? AND s.open = 1 ORDER BY s.stream
            """)
        streams.bind(1, sourceID)
        var open: [IngestStreamState] = []
        while try streams.step() {
            open.append(IngestStreamState(
                stream: UInt64(streams.int64(0)), importID: streams.int64(1), receivedMs: streams.int64(2),
                consumed: UInt64(streams.int64(3)),
                counts: ImportCounts(imported: Int(streams.int64(4)), duplicates: Int(streams.int64(5)),
                                     rejected: Int(streams.int64(6)), skipped: Int(streams.int64(7)))))
        }
        return IngestPosition(nextSeq: next, openStreams: open)
    }

    /// Registers a new journal stream and its import-log entry (inside the caller's transaction).
    /// - Returns: the import id.
    public func beginIngestStream(sourceID: Int64, stream: UInt64, origin: String, receivedMs: Int64, nowMs: Int64) throws -> Int64 {
        let importID = try beginImport(sourceID: sourceID, filePath: origin, sha256: "", bytes: 0, nowMs: nowMs)
        let insert = try database.prepare("""
            INSERT OR REPLACE INTO ingest_streams(source_id, stream, import_id, received_ms, consumed, open)
            VALUES (?, ?, ?, ?, 0, 1)
            """)
        insert.bind(1, sourceID)
        insert.bind(2, Int64(bitPattern: stream))
        insert.bind(3, importID)
        insert.bind(4, receivedMs)
        try insert.run()
        return importID
    }

    /// Saves a source's journal position and its open streams' progress (inside the caller's
    /// transaction, together with the records they produced).
    public func saveIngestProgress(sourceID: Int64, nextSeq: UInt64, streams: [IngestStreamState], bytes: [UInt64: UInt64] = [:],
                                   nowMs: Int64) throws {
        let position = try database.prepare("""
            INSERT INTO ingest_positions(source_id, next_seq, updated_ms) VALUES (?, ?, ?)
            ON CONFLICT(source_id) DO UPDATE SET next_seq = excluded.next_seq, updated_ms = excluded.updated_ms
            """)
        position.bind(1, sourceID)
        position.bind(2, Int64(bitPattern: nextSeq))
        position.bind(3, nowMs)
        try position.run()
        let progress = try database.prepare("UPDATE ingest_streams SET consumed = ? WHERE source_id = ? AND stream = ?")
        let counts = try database.prepare("""
            UPDATE imports SET imported = ?, duplicates = ?, rejected = ?, skipped = ?, file_bytes = ?, finished_ms = ?
            WHERE id = ?
            """)
        for stream in streams {
            progress.reset()
            progress.bind(1, Int64(bitPattern: stream.consumed))
            progress.bind(2, sourceID)
            progress.bind(3, Int64(bitPattern: stream.stream))
            try progress.run()
            counts.reset()
            counts.bind(1, Int64(stream.counts.imported))
            counts.bind(2, Int64(stream.counts.duplicates))
            counts.bind(3, Int64(stream.counts.rejected))
            counts.bind(4, Int64(stream.counts.skipped))
            counts.bind(5, Int64(bitPattern: bytes[stream.stream] ?? stream.consumed))
            counts.bind(6, nowMs)
            counts.bind(7, stream.importID)
            try counts.run()
        }
    }

    /// Closes a stream: its import-log entry is completed with the stream's hash and counts, and its
    /// rejects are keyed by that hash (a re-sent body or file quarantines nothing twice).
    /// `error` (e.g. `plugin_error: …`) says why part of the stream was quarantined unparsed.
    public func endIngestStream(sourceID: Int64, state: IngestStreamState, sha256: String, bytes: UInt64,
                                provisionalKey: String, nowMs: Int64, error: String? = nil) throws {
        let close = try database.prepare("UPDATE ingest_streams SET open = 0, consumed = ? WHERE source_id = ? AND stream = ?")
        close.bind(1, Int64(bitPattern: bytes))
        close.bind(2, sourceID)
        close.bind(3, Int64(bitPattern: state.stream))
        try close.run()
        try settleRejects(importID: state.importID, provisionalKey: provisionalKey, fileSHA256: sha256)
        try finishImport(id: state.importID, sha256: sha256, counts: state.counts, status: .completed, error: error, nowMs: nowMs)
        let size = try database.prepare("UPDATE imports SET file_bytes = ? WHERE id = ?")
        size.bind(1, Int64(bitPattern: bytes))
        size.bind(2, state.importID)
        try size.run()
    }

    /// The streams of a source whose first entry was received at or after `receivedMs`, oldest first.
    public func ingestStreams(sourceID: Int64, receivedAtOrAfter receivedMs: Int64) throws -> [(stream: UInt64, importID: Int64)] {
        let select = try database.prepare("""
            SELECT stream, import_id FROM ingest_streams WHERE source_id = ? AND received_ms >= ? ORDER BY stream
            """)
        select.bind(1, sourceID)
        select.bind(2, receivedMs)
        var result: [(UInt64, Int64)] = []
        while try select.step() { result.append((UInt64(select.int64(0)), select.int64(1))) }
        return result
    }

    /// Forgets what a source's streams from `stream` on produced, so that the journal is read again
    /// from there (`tollbook journal replay`): their calls, rejects, import-log entries and stream
    /// rows are deleted and the position set back. One transaction.
    /// - Returns: the calls and rejects deleted.
    public func rewindIngest(sourceID: Int64, toStream stream: UInt64) throws -> (calls: Int, rejects: Int) {
        try write { transaction in
            let database = try transaction.connection()
            let imports = "SELECT import_id FROM ingest_streams WHERE source_id = \(sourceID) AND stream >= \(Int64(bitPattern: stream))"
            // The roll-ups of the deleted calls' time are refreshed after the replay (docs/rollups.md).
            try database.execute("""
                INSERT INTO rollup_dirty(from_ms, to_ms)
                SELECT min(start_ms), max(max(end_ms), max(start_ms)) + 1 FROM calls
                WHERE source_id = \(sourceID) AND import_id IN (\(imports)) HAVING count(*) > 0
                """)
            try database.execute("DELETE FROM calls WHERE source_id = \(sourceID) AND import_id IN (\(imports))")
            let calls = database.changes
            try database.execute("DELETE FROM rejects WHERE source_id = \(sourceID) AND import_id IN (\(imports))")
            let rejects = database.changes
            try database.execute("""
                CREATE TEMP TABLE IF NOT EXISTS rewound_imports(id INTEGER PRIMARY KEY);
                DELETE FROM rewound_imports;
                INSERT INTO rewound_imports \(imports);
                DELETE FROM ingest_streams WHERE source_id = \(sourceID) AND stream >= \(Int64(bitPattern: stream));
                DELETE FROM imports WHERE id IN (SELECT id FROM rewound_imports);
                DELETE FROM rewound_imports;
                """)
            // Streams that began earlier but were still open stay open: reading restarts at the
            // earliest of them or at the rewound stream, whichever comes first.
            try database.execute("""
                INSERT INTO ingest_positions(source_id, next_seq, updated_ms) VALUES (\(sourceID), \(Int64(bitPattern: stream)), 0)
                ON CONFLICT(source_id) DO UPDATE SET next_seq = min(next_seq, excluded.next_seq)
                """)
            return (calls, rejects)
        }
    }
}
