/// The schema of four-eyes unlocks (privacy P9), migration 15.
enum UnlockSchema {
    static let sql = """
        -- Four-eyes unlocks (privacy P9): one person (the requester) asks to see individual detail of
        -- one other person (the subject participant) beyond that person's privacy package, for one
        -- period and named fields, with a purpose; a different human holding unlock.approve decides.
        -- An approved unlock is valid until expires_ms (at most 24 h after approval). Rows are kept
        -- after expiry: the subject's Art. 15 report lists the date and purpose of every unlock
        -- concerning them (retention of unlock records is a [privacy] retention class).
        -- requester is the user name (kept when the user is removed); purpose is personal text and
        -- stays here: the audit log refers to the row by id only.
        CREATE TABLE unlocks (
            id INTEGER PRIMARY KEY,
            requester_id INTEGER NOT NULL,
            requester TEXT NOT NULL,
            subject_participant_id INTEGER NOT NULL,
            from_ms INTEGER NOT NULL,
            to_ms INTEGER NOT NULL,
            fields TEXT NOT NULL,
            purpose TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            -- pending, approved, refused or revoked (expired = approved and past expires_ms).
            status TEXT NOT NULL DEFAULT 'pending',
            decided_by TEXT,
            decided_ms INTEGER,
            expires_ms INTEGER,
            revoked_by TEXT,
            revoked_ms INTEGER
        );
        CREATE INDEX unlocks_by_requester ON unlocks(requester_id, status);
        CREATE INDEX unlocks_by_subject ON unlocks(subject_participant_id);
        """
}

/// One four-eyes unlock as the store keeps it (see `docs/privacy.md`).
public struct UnlockRecord: Sendable, Equatable {
    /// The row id (the unlock id users see).
    public var id: Int64
    /// The requesting user's id.
    public var requesterID: Int64
    /// The requesting user's name.
    public var requester: String
    /// The participant whose detail is unlocked.
    public var subjectParticipantID: Int64
    /// Start of the unlocked period (UTC ms, inclusive).
    public var fromMs: Int64
    /// End of the unlocked period (UTC ms, exclusive).
    public var toMs: Int64
    /// The unlocked field names (`number`, `duration`, …), sorted.
    public var fields: [String]
    /// Why (free text; never copied into the audit log).
    public var purpose: String
    /// When it was requested.
    public var createdMs: Int64
    /// `pending`, `approved`, `refused` or `revoked`.
    public var status: String
    /// Who approved or refused it.
    public var decidedBy: String?
    /// When it was approved or refused.
    public var decidedMs: Int64?
    /// Until when an approved unlock is valid (exclusive).
    public var expiresMs: Int64?
    /// Who revoked it.
    public var revokedBy: String?
    /// When it was revoked.
    public var revokedMs: Int64?

    /// Creates a record (the store makes them; tests may too).
    public init(id: Int64, requesterID: Int64, requester: String, subjectParticipantID: Int64, fromMs: Int64, toMs: Int64,
                fields: [String], purpose: String, createdMs: Int64, status: String, decidedBy: String? = nil,
                decidedMs: Int64? = nil, expiresMs: Int64? = nil, revokedBy: String? = nil, revokedMs: Int64? = nil) {
        self.id = id
        self.requesterID = requesterID
        self.requester = requester
        self.subjectParticipantID = subjectParticipantID
        self.fromMs = fromMs
        self.toMs = toMs
        self.fields = fields
        self.purpose = purpose
        self.createdMs = createdMs
        self.status = status
        self.decidedBy = decidedBy
        self.decidedMs = decidedMs
        self.expiresMs = expiresMs
        self.revokedBy = revokedBy
        self.revokedMs = revokedMs
    }
}

/// Why an unlock row could not be changed.
public enum UnlockRecordError: Error, Equatable, CustomStringConvertible {
    /// There is no unlock with this id.
    case noSuchUnlock(Int64)
    /// The unlock is not in the state the change needs (someone else changed it first).
    case notInState(id: Int64, expected: String)

    /// What went wrong.
    public var description: String {
        switch self {
        case .noSuchUnlock(let id): return "there is no unlock \(id) (see tollbook unlock list)"
        case let .notInState(id, expected): return "unlock \(id) is no longer \(expected)"
        }
    }
}

extension CallStore {
    /// Adds a pending unlock request and returns its id.
    @discardableResult
    public func insertUnlock(requesterID: Int64, requester: String, subjectParticipantID: Int64, fromMs: Int64, toMs: Int64,
                             fields: [String], purpose: String, createdMs: Int64) throws -> Int64 {
        try write { _ in
            let insert = try database.prepare("""
                INSERT INTO unlocks(requester_id, requester, subject_participant_id, from_ms, to_ms, fields, purpose, created_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            insert.bind(1, requesterID)
            insert.bind(2, requester)
            insert.bind(3, subjectParticipantID)
            insert.bind(4, fromMs)
            insert.bind(5, toMs)
            insert.bind(6, fields.sorted().joined(separator: ","))
            insert.bind(7, purpose)
            insert.bind(8, createdMs)
            try insert.run()
            return database.lastInsertRowID
        }
    }

    /// Every unlock, newest first.
    public func unlocks() throws -> [UnlockRecord] {
        try selectUnlocks(where: "", bind: { _ in })
    }

    /// The unlock `id`, or `nil`.
    public func unlock(id: Int64) throws -> UnlockRecord? {
        try selectUnlocks(where: "WHERE id = ?", bind: { $0.bind(1, id) }).first
    }

    /// The unlocks concerning participant `id`, newest first.
    public func unlocks(subjectParticipantID id: Int64) throws -> [UnlockRecord] {
        try selectUnlocks(where: "WHERE subject_participant_id = ?", bind: { $0.bind(1, id) })
    }

    /// The approved unlocks of requester `userID` that are valid at `nowMs` (not expired, not revoked).
    /// Readable through the query connection (the query layer resolves grants with it); the
    /// purpose is not read (it is empty in the records returned).
    public func activeUnlocks(requesterID userID: Int64, nowMs: Int64) throws -> [UnlockRecord] {
        try selectUnlocks(where: "WHERE requester_id = ? AND status = 'approved' AND expires_ms > ?", purpose: false, bind: {
            $0.bind(1, userID)
            $0.bind(2, nowMs)
        })
    }

    /// Decides a pending unlock: `approved` (with `expiresMs`) or `refused`.
    /// - Throws: ``UnlockRecordError`` when there is no such unlock or it is no longer pending.
    public func decideUnlock(id: Int64, status: String, by decider: String, nowMs: Int64, expiresMs: Int64?) throws {
        try write { _ in
            let update = try database.prepare("""
                UPDATE unlocks SET status = ?, decided_by = ?, decided_ms = ?, expires_ms = ? WHERE id = ? AND status = 'pending'
                """)
            update.bind(1, status)
            update.bind(2, decider)
            update.bind(3, nowMs)
            update.bind(4, expiresMs)
            update.bind(5, id)
            try update.run()
            guard database.changes == 1 else {
                throw try unlock(id: id) == nil ? UnlockRecordError.noSuchUnlock(id) : UnlockRecordError.notInState(id: id, expected: "pending")
            }
        }
    }

    /// Revokes a pending or approved unlock.
    /// - Throws: ``UnlockRecordError`` when there is no such unlock or it is refused or revoked already.
    public func revokeUnlock(id: Int64, by revoker: String, nowMs: Int64) throws {
        try write { _ in
            let update = try database.prepare("""
                UPDATE unlocks SET status = 'revoked', revoked_by = ?, revoked_ms = ?
                WHERE id = ? AND status IN ('pending', 'approved')
                """)
            update.bind(1, revoker)
            update.bind(2, nowMs)
            update.bind(3, id)
            try update.run()
            guard database.changes == 1 else {
                throw try unlock(id: id) == nil ? UnlockRecordError.noSuchUnlock(id)
                    : UnlockRecordError.notInState(id: id, expected: "pending or approved")
            }
        }
    }

    private func selectUnlocks(where clause: String, purpose: Bool = true,
                               bind: (SQLiteStatement) -> Void) throws -> [UnlockRecord] {
        let select = try database.prepare("""
            SELECT id, requester_id, requester, subject_participant_id, from_ms, to_ms, fields, \(purpose ? "purpose" : "''"),
                   created_ms, status,
                   decided_by, decided_ms, expires_ms, revoked_by, revoked_ms FROM unlocks \(clause) ORDER BY id DESC
            """)
        bind(select)
        var rows: [UnlockRecord] = []
        while try select.step() {
            rows.append(UnlockRecord(
                id: select.int64(0), requesterID: select.int64(1), requester: select.text(2),
                subjectParticipantID: select.int64(3), fromMs: select.int64(4), toMs: select.int64(5),
                fields: select.text(6).split(separator: ",").map(String.init), purpose: select.text(7),
                createdMs: select.int64(8), status: select.text(9), decidedBy: select.isNull(10) ? nil : select.text(10),
                decidedMs: select.int64OrNil(11), expiresMs: select.int64OrNil(12),
                revokedBy: select.isNull(13) ? nil : select.text(13), revokedMs: select.int64OrNil(14)))
        }
        return rows
    }
}

extension CallStore {
    /// Unlock records (requests, decisions, revocations) whose last event — revoked, expired,
    /// decided or, for a request never decided, created — lies before `beforeMs`: deleted, or with
    /// `dryRun` only counted (retention of the data class `unlock`, privacy P11).
    /// - Returns: how many records went (or would go).
    public func expireUnlocks(beforeMs: Int64, dryRun: Bool) throws -> Int {
        let lastEvent = "max(created_ms, coalesce(decided_ms, 0), coalesce(expires_ms, 0), coalesce(revoked_ms, 0))"
        if dryRun {
            let count = try database.prepare("SELECT count(*) FROM unlocks WHERE \(lastEvent) < ?")
            count.bind(1, beforeMs)
            return try count.step() ? Int(count.int64(0)) : 0
        }
        return try write { _ in
            let delete = try database.prepare("DELETE FROM unlocks WHERE \(lastEvent) < ?")
            delete.bind(1, beforeMs)
            try delete.run()
            return database.changes
        }
    }
}
