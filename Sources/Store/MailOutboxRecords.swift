/// The schema of migration 19: scheduled report mails waiting to be sent (or sent again).
enum MailOutboxSchema {
    static let sql = """
        -- One row per (schedule, run, recipient) of a scheduled report mail. It holds what is needed
        -- to render the mail again on every attempt (the reports: entry's name and the run time the
        -- schedule fired for), not the rendered message: no report content sits in the database.
        -- recipient is the address the mail goes to (needed to send it; never logged nor audited),
        -- recipient_user the user it was mapped to when the run was queued (NULL: unmapped).
        CREATE TABLE mail_outbox (
            id INTEGER PRIMARY KEY,
            schedule TEXT NOT NULL,
            run_ms INTEGER NOT NULL,
            recipient TEXT NOT NULL,
            recipient_user TEXT,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_ms INTEGER NOT NULL,
            last_error TEXT,
            created_ms INTEGER NOT NULL,
            delivered_ms INTEGER,
            UNIQUE (schedule, run_ms, recipient)
        );
        CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_ms);
        """
}

/// One scheduled report mail to one recipient, as the outbox holds it.
public struct MailSendRecord: Sendable, Equatable {
    /// The row id.
    public var id: Int64
    /// The `reports:` entry's name.
    public var schedule: String
    /// The run time the schedule fired for (UTC ms): the report's period is computed from it.
    public var runMs: Int64
    /// The recipient's address.
    public var recipient: String
    /// The user the address was mapped to when the run was queued (`nil`: unmapped).
    public var recipientUser: String?
    /// `pending`, `delivered` or `failed` (given up).
    public var state: String
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt is due (UTC ms).
    public var nextAttemptMs: Int64
    /// The last attempt's error (no address in it), if any.
    public var lastError: String?
    /// When it was delivered.
    public var deliveredMs: Int64?
}

extension CallStore {
    /// Queues the mail of run `runMs` of `schedule` to `recipient` (mapped to `user`), due at `nowMs`.
    /// - Returns: whether it was new (the same schedule, run and recipient are queued once).
    @discardableResult
    public func enqueueMailSend(schedule: String, runMs: Int64, recipient: String, user: String?, nowMs: Int64) throws -> Bool {
        try write { _ in
            let insert = try database.prepare("""
                INSERT OR IGNORE INTO mail_outbox(schedule, run_ms, recipient, recipient_user, next_attempt_ms, created_ms)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            insert.bind(1, schedule)
            insert.bind(2, runMs)
            insert.bind(3, recipient)
            if let user { insert.bind(4, user) } else { insert.bindNull(4) }
            insert.bind(5, nowMs)
            insert.bind(6, nowMs)
            try insert.run()
            return database.changes > 0
        }
    }

    /// The pending mails due at `nowMs`, oldest due first.
    public func dueMailSends(nowMs: Int64, limit: Int = 100) throws -> [MailSendRecord] {
        try selectMailSends(where: "WHERE state = 'pending' AND next_attempt_ms <= ?", limit: max(1, limit)) { $0.bind(1, nowMs) }
    }

    /// The number of mails still pending (first tries and retries).
    public func pendingMailSendCount() throws -> Int {
        Int(try database.scalarInt("SELECT count(*) FROM mail_outbox WHERE state = 'pending'") ?? 0)
    }

    /// Every queued mail, oldest first.
    public func mailSends() throws -> [MailSendRecord] {
        try selectMailSends(where: "", limit: nil) { _ in }
    }

    /// Records a delivered mail.
    public func markMailSent(id: Int64, nowMs: Int64) throws {
        try write { _ in
            let update = try database.prepare("""
                UPDATE mail_outbox SET state = 'delivered', attempts = attempts + 1, delivered_ms = ?, last_error = NULL WHERE id = ?
                """)
            update.bind(1, nowMs)
            update.bind(2, id)
            try update.run()
        }
    }

    /// Records a failed attempt: retried at `nextAttemptMs`, or given up (`failed`) when it is `nil`.
    public func markMailSendFailed(id: Int64, error: String, nextAttemptMs: Int64?) throws {
        try write { _ in
            let update = try database.prepare("""
                UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_ms = coalesce(?, next_attempt_ms),
                       state = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END WHERE id = ?
                """)
            update.bind(1, error)
            update.bind(2, nextAttemptMs)
            update.bind(3, nextAttemptMs)
            update.bind(4, id)
            try update.run()
        }
    }

    private func selectMailSends(where clause: String, limit: Int?, bind: (SQLiteStatement) -> Void) throws -> [MailSendRecord] {
        let select = try database.prepare("""
            SELECT id, schedule, run_ms, recipient, recipient_user, state, attempts, next_attempt_ms, last_error, delivered_ms
            FROM mail_outbox \(clause) ORDER BY \(limit == nil ? "id" : "next_attempt_ms, id") \(limit.map { "LIMIT \($0)" } ?? "")
            """)
        bind(select)
        var rows: [MailSendRecord] = []
        while try select.step() {
            rows.append(MailSendRecord(
                id: select.int64(0), schedule: select.text(1), runMs: select.int64(2), recipient: select.text(3),
                recipientUser: select.isNull(4) ? nil : select.text(4), state: select.text(5), attempts: Int(select.int64(6)),
                nextAttemptMs: select.int64(7), lastError: select.isNull(8) ? nil : select.text(8),
                deliveredMs: select.int64OrNil(9)))
        }
        return rows
    }
}

extension CallStore {
    /// The newest call's id (0 for an empty store): calls stored later have larger ids.
    public func newestCallID() throws -> Int64 {
        try database.scalarInt("SELECT max(id) FROM calls") ?? 0
    }

    /// The window `[first start, last start + 1 ms)` of the calls with an id above `id` — what an
    /// import or a replay stored — or `nil` when there are none.
    public func startWindow(ofCallsAfter id: Int64) throws -> (fromMs: Int64, toMs: Int64)? {
        let select = try database.prepare("SELECT min(start_ms), max(start_ms) FROM calls WHERE id > ?")
        select.bind(1, id)
        guard try select.step(), !select.isNull(0), !select.isNull(1) else { return nil }
        return (select.int64(0), select.int64(1) + 1)
    }
}
