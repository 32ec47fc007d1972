import TollbookCore

/// A call retention may expire: when it started, where the org chart puts it, its category and
/// what it cost. Never a number or a name.
public struct RetentionCandidate: Sendable, Equatable {
    /// The call's id.
    public var callID: Int64
    /// Start, UTC ms.
    public var startMs: Int64
    /// The node the chart allocates it to (the owner's placement at the call's start; 1 = Other).
    public var nodeID: Int64
    /// The owner, `nil` when nobody owned its classifiers.
    public var participantID: Int64?
    /// The call's category (`business`, `project`, `private`, `pin`).
    public var category: String
    /// Cost in minor units (0 when not priced).
    public var costMinor: Int64
    /// Currency of the cost (empty when not priced).
    public var currency: String
    /// Talk time, ms.
    public var talkMs: Int64

    /// Creates a candidate.
    public init(callID: Int64, startMs: Int64, nodeID: Int64, participantID: Int64?, category: String, costMinor: Int64,
                currency: String, talkMs: Int64) {
        self.callID = callID
        self.startMs = startMs
        self.nodeID = nodeID
        self.participantID = participantID
        self.category = category
        self.costMinor = costMinor
        self.currency = currency
        self.talkMs = talkMs
    }
}

/// One row of `retained_sums`: the k-safe sum of deleted detail of a month, org node, category
/// and currency.
public struct RetainedSum: Sendable, Equatable, Hashable {
    /// `YYYY-MM`.
    public var month: String
    /// The org node.
    public var nodeID: Int64
    /// The category.
    public var category: String
    /// The currency (empty for unpriced calls).
    public var currency: String
    /// Number of calls.
    public var calls: Int64
    /// Talk time, ms.
    public var talkMs: Int64
    /// Cost, minor units.
    public var costMinor: Int64

    /// Creates a sum.
    public init(month: String, nodeID: Int64, category: String, currency: String, calls: Int64, talkMs: Int64,
                costMinor: Int64) {
        self.month = month
        self.nodeID = nodeID
        self.category = category
        self.currency = currency
        self.calls = calls
        self.talkMs = talkMs
        self.costMinor = costMinor
    }
}

extension CallStore {
    /// Calls `body` for every call that started before `beforeMs` (`nil`: every call), with its
    /// allocation by the chart as it is now (view `call_allocations`), category and cost, oldest
    /// first; `participantID` limits it to the calls allocated to that participant.
    public func forEachRetentionCandidate(beforeMs: Int64?, participantID: Int64? = nil,
                                          _ body: (RetentionCandidate) throws -> Void) throws {
        let statement = try database.prepare("""
            SELECT a.call_id, a.start_ms, a.node_id, a.participant_id, c.category, ifnull(a.cost_minor, 0),
                   ifnull(k.currency, ''), a.talk_ms
            FROM call_allocations a JOIN calls c ON c.id = a.call_id LEFT JOIN pricing_keys k ON k.id = c.pricing_key
            WHERE a.start_ms < ?1 AND (?2 IS NULL OR a.participant_id = ?2) ORDER BY a.start_ms, a.call_id
            """)
        statement.bind(1, beforeMs ?? .max)
        statement.bind(2, participantID)
        while try statement.step() {
            try body(RetentionCandidate(callID: statement.int64(0), startMs: statement.int64(1), nodeID: statement.int64(2),
                                        participantID: statement.int64OrNil(3), category: statement.text(4),
                                        costMinor: statement.int64(5), currency: statement.text(6), talkMs: statement.int64(7)))
        }
    }

    /// Calls `body` for the calls of `callIDs` (as ``forEachRetentionCandidate(beforeMs:participantID:_:)``
    /// does, with their allocation), oldest first. Reads only those rows.
    public func forEachRetentionCandidate(callIDs: [Int64], _ body: (RetentionCandidate) throws -> Void) throws {
        guard !callIDs.isEmpty else { return }
        let statement = try database.prepare("""
            SELECT a.call_id, a.start_ms, a.node_id, a.participant_id, c.category, ifnull(a.cost_minor, 0),
                   ifnull(k.currency, ''), a.talk_ms
            FROM call_allocations a JOIN calls c ON c.id = a.call_id LEFT JOIN pricing_keys k ON k.id = c.pricing_key
            WHERE a.call_id IN (SELECT value FROM json_each(?1)) ORDER BY a.start_ms, a.call_id
            """)
        statement.bind(1, "[" + callIDs.map(String.init).joined(separator: ",") + "]")
        while try statement.step() {
            try body(RetentionCandidate(callID: statement.int64(0), startMs: statement.int64(1), nodeID: statement.int64(2),
                                        participantID: statement.int64OrNil(3), category: statement.text(4),
                                        costMinor: statement.int64(5), currency: statement.text(6), talkMs: statement.int64(7)))
        }
    }

    /// The ids of every call with a classifier (extension key, PIN, account code, device) that
    /// participant `id` was ever assigned: a superset of the calls the chart allocates to them,
    /// found in one scan without computing every call's allocation.
    public func callIDs(withClassifiersOfParticipant id: Int64) throws -> [Int64] {
        let statement = try database.prepare("""
            SELECT c.id FROM calls c WHERE
                c.extension_key IN (SELECT k.value FROM classifiers k JOIN classifier_assignments a ON a.classifier_id = k.id
                                    WHERE a.participant_id = ?1 AND k.kind = 'extension')
                OR c.pin IN (SELECT k.value FROM classifiers k JOIN classifier_assignments a ON a.classifier_id = k.id
                             WHERE a.participant_id = ?1 AND k.kind = 'pin')
                OR c.account_code IN (SELECT k.value FROM classifiers k JOIN classifier_assignments a ON a.classifier_id = k.id
                                      WHERE a.participant_id = ?1 AND k.kind = 'account_code')
                OR c.device IN (SELECT k.value FROM classifiers k JOIN classifier_assignments a ON a.classifier_id = k.id
                                WHERE a.participant_id = ?1 AND k.kind = 'device')
            ORDER BY c.id
            """)
        statement.bind(1, id)
        var ids: [Int64] = []
        while try statement.step() { ids.append(statement.int64(0)) }
        return ids
    }

    /// The ids of every call with the E.164 number `e164` in any party column (remote, local,
    /// calling, called, original called, connected, redirecting). The one lookup by number:
    /// with encryption at rest it is switched to the keyed blind index.
    public func callIDs(withNumber e164: String) throws -> [Int64] {
        // Encrypted: the numbers are sealed; the keyed blind index of the remote (external) party is
        // the only lookup there is.
        if isEncrypted { return try callIDs(withRemoteNumber: e164) }
        let statement = try database.prepare("""
            SELECT id FROM calls WHERE remote_e164 = ?1 OR local_e164 = ?1 OR calling_e164 = ?1 OR called_e164 = ?1
                OR original_called_e164 = ?1 OR connected_e164 = ?1 OR redirecting_e164 = ?1 ORDER BY id
            """)
        statement.bind(1, e164)
        var ids: [Int64] = []
        while try statement.step() { ids.append(statement.int64(0)) }
        return ids
    }

    /// The retained sums of the months `[fromMonth, untilMonth)` (`YYYY-MM`), ordered.
    public func retainedSums(fromMonth: String, untilMonth: String) throws -> [RetainedSum] {
        let statement = try database.prepare("""
            SELECT month, node_id, category, currency, calls, talk_ms, cost_minor FROM retained_sums
            WHERE month >= ? AND month < ? ORDER BY month, node_id, category, currency
            """)
        statement.bind(1, fromMonth)
        statement.bind(2, untilMonth)
        var sums: [RetainedSum] = []
        while try statement.step() {
            sums.append(RetainedSum(month: statement.text(0), nodeID: statement.int64(1), category: statement.text(2),
                                    currency: statement.text(3), calls: statement.int64(4), talkMs: statement.int64(5),
                                    costMinor: statement.int64(6)))
        }
        return sums
    }

    /// How many quarantined records were stored before `beforeMs`.
    public func rejectCount(createdBeforeMs beforeMs: Int64) throws -> Int {
        let statement = try database.prepare("SELECT count(*) FROM rejects WHERE created_ms < ?")
        statement.bind(1, beforeMs)
        return try statement.step() ? Int(statement.int64(0)) : 0
    }

    /// The audit rows a prune of everything before `beforeMs` would remove: the longest prefix of
    /// the log (by seq) whose rows are all older, as its last seq and MAC and the row count.
    public func auditPrunablePrefix(beforeMs: Int64) throws -> (seq: Int64, mac: String, rows: Int)? {
        let statement = try database.prepare("""
            SELECT seq, mac, (SELECT count(*) FROM audit_log p WHERE p.seq <= l.seq) FROM audit_log l
            WHERE seq < ifnull((SELECT min(seq) FROM audit_log WHERE time_ms >= ?1), 9223372036854775807)
            ORDER BY seq DESC LIMIT 1
            """)
        statement.bind(1, beforeMs)
        guard try statement.step() else { return nil }
        return (statement.int64(0), statement.text(1), Int(statement.int64(2)))
    }

    /// Where the audit log starts after a prune: the last pruned row's seq and MAC, `nil` when
    /// nothing was pruned.
    public func auditPrunedAnchor() throws -> (seq: Int64, mac: String)? {
        let select = try database.prepare("SELECT seq, mac FROM audit_pruned WHERE id = 1")
        guard try select.step() else { return nil }
        return (select.int64(0), select.text(1))
    }

    /// Checkpoints the WAL into the database file and truncates it, with `secure_delete` on (so
    /// the pages freed by a deletion are zeroed): after it, deleted rows are neither in the WAL
    /// nor on free pages. Other connections that hold a read transaction make it fail.
    /// - Throws: ``StoreError`` when the checkpoint could not complete.
    public func secureCheckpoint() throws {
        try database.execute("PRAGMA secure_delete = ON")
        let statement = try database.prepare("PRAGMA wal_checkpoint(TRUNCATE)")
        guard try statement.step() else { return }
        if statement.int64(0) != 0 {
            throw StoreError.sqlite(code: 5, message: "\(database.path): the WAL could not be checkpointed (another connection is reading)",
                                    context: "checkpointing the WAL")
        }
    }
}

extension StoreTransaction {
    /// Turns on `secure_delete` for this connection: deleted content is overwritten with zeros.
    public func enableSecureDelete() throws {
        try connection().execute("PRAGMA secure_delete = ON")
    }

    /// Adds `sums` to `retained_sums` (rows of the same month, node, category and currency add up).
    public func addRetainedSums(_ sums: [RetainedSum]) throws {
        let insert = try connection().prepare("""
            INSERT INTO retained_sums(month, node_id, category, currency, calls, talk_ms, cost_minor) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(month, node_id, category, currency) DO UPDATE SET calls = calls + excluded.calls,
                talk_ms = talk_ms + excluded.talk_ms, cost_minor = cost_minor + excluded.cost_minor
            """)
        for sum in sums {
            insert.reset()
            insert.bind(1, sum.month)
            insert.bind(2, sum.nodeID)
            insert.bind(3, sum.category)
            insert.bind(4, sum.currency)
            insert.bind(5, sum.calls)
            insert.bind(6, sum.talkMs)
            insert.bind(7, sum.costMinor)
            try insert.run()
        }
    }

    /// Deletes the given retained sums (by month, node, category and currency); returns how many.
    @discardableResult
    public func deleteRetainedSums(_ sums: [RetainedSum]) throws -> Int {
        let database = try connection()
        let delete = try database.prepare("DELETE FROM retained_sums WHERE month = ? AND node_id = ? AND category = ? AND currency = ?")
        var count = 0
        for sum in sums {
            delete.reset()
            delete.bind(1, sum.month)
            delete.bind(2, sum.nodeID)
            delete.bind(3, sum.category)
            delete.bind(4, sum.currency)
            try delete.run()
            count += database.changes
        }
        return count
    }

    /// Deletes the quarantined records stored before `beforeMs`; returns how many.
    @discardableResult
    public func deleteRejects(createdBeforeMs beforeMs: Int64) throws -> Int {
        let database = try connection()
        let delete = try database.prepare("DELETE FROM rejects WHERE created_ms < ?")
        delete.bind(1, beforeMs)
        try delete.run()
        return database.changes
    }

    /// Deletes the audit rows up to and including `seq` and records that seq and its MAC as the
    /// log's start (``CallStore/auditPrunedAnchor()``); returns how many rows went.
    @discardableResult
    public func pruneAudit(throughSeq seq: Int64, mac: String, nowMs: Int64) throws -> Int {
        let database = try connection()
        let delete = try database.prepare("DELETE FROM audit_log WHERE seq <= ?")
        delete.bind(1, seq)
        try delete.run()
        let count = database.changes
        let anchor = try database.prepare("INSERT OR REPLACE INTO audit_pruned(id, seq, mac, pruned_ms) VALUES (1, ?, ?, ?)")
        anchor.bind(1, seq)
        anchor.bind(2, mac)
        anchor.bind(3, nowMs)
        try anchor.run()
        return count
    }

    /// Replaces the personal fields of participant `id` by `pseudonym` (name) and nothing (e-mail,
    /// employee id, directory id), ends their classifier assignments' personal link by deleting
    /// them, deletes classifiers nobody else owns that no remaining call uses, and clears the
    /// directory DN of user accounts linked to them.
    public func pseudonymiseParticipant(id: Int64, pseudonym: String) throws {
        let database = try connection()
        let update = try database.prepare("""
            UPDATE participants SET name = ?, email = NULL, employee_id = NULL, external_id = NULL WHERE id = ?
            """)
        update.bind(1, pseudonym)
        update.bind(2, id)
        try update.run()
        let owned = try database.prepare("SELECT DISTINCT classifier_id FROM classifier_assignments WHERE participant_id = ?")
        owned.bind(1, id)
        var classifiers: [Int64] = []
        while try owned.step() { classifiers.append(owned.int64(0)) }
        let deleteAssignments = try database.prepare("DELETE FROM classifier_assignments WHERE participant_id = ?")
        deleteAssignments.bind(1, id)
        try deleteAssignments.run()
        let deleteClassifier = try database.prepare("""
            DELETE FROM classifiers WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM classifier_assignments WHERE classifier_id = ?1)
              AND NOT EXISTS (SELECT 1 FROM calls c, classifiers k WHERE k.id = ?1 AND (
                  (k.kind = 'extension' AND c.extension_key = k.value) OR (k.kind = 'pin' AND c.pin = k.value)
                  OR (k.kind = 'account_code' AND c.account_code = k.value) OR (k.kind = 'device' AND c.device = k.value)))
            """)
        for classifier in classifiers {
            deleteClassifier.reset()
            deleteClassifier.bind(1, classifier)
            try deleteClassifier.run()
        }
        let users = try database.prepare("UPDATE users SET directory_dn = NULL WHERE participant_id = ?")
        users.bind(1, id)
        try users.run()
    }
}
