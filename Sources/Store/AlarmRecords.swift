/// The schema of toll-fraud and anomaly alarms, migration 17 (see `docs/alarms.md`).
enum AlarmSchema {
    static let sql = """
        -- One row per alarm. dedupe_key is unique: evaluating the same calls again (a re-scan, the
        -- next batch in serve) finds the alarm it raised before and adds nothing. message holds no
        -- phone number and no name (destinations as zone/country only); call_ids are the store's ids.
        CREATE TABLE alarms (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            site TEXT NOT NULL,
            entity_kind TEXT NOT NULL,
            entity TEXT NOT NULL,
            call_ids TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            raised_ms INTEGER NOT NULL,
            message TEXT NOT NULL,
            -- open or acknowledged (with who, when and an optional comment)
            state TEXT NOT NULL DEFAULT 'open',
            acknowledged_by TEXT,
            acknowledged_ms INTEGER,
            ack_comment TEXT
        );
        CREATE INDEX alarms_by_state ON alarms(state, id);
        -- The durable outbox of notifications: one row per alarm and channel (webhook, mail). A
        -- failed attempt is retried at next_attempt_ms with exponential back-off; survives restarts.
        CREATE TABLE alarm_outbox (
            id INTEGER PRIMARY KEY,
            alarm_id INTEGER NOT NULL REFERENCES alarms(id),
            channel TEXT NOT NULL,
            site TEXT NOT NULL,
            body TEXT NOT NULL,
            -- pending, delivered or failed (gave up after the channel's maximum attempts)
            state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_ms INTEGER NOT NULL,
            last_error TEXT,
            created_ms INTEGER NOT NULL,
            delivered_ms INTEGER
        );
        CREATE INDEX alarm_outbox_due ON alarm_outbox(state, next_attempt_ms);
        -- Windows of newly stored calls still to be evaluated (written by the alarm ingest stage in
        -- the batch's transaction, taken by the alarm worker of tollbook serve).
        CREATE TABLE alarm_windows (
            id INTEGER PRIMARY KEY,
            from_ms INTEGER NOT NULL,
            to_ms INTEGER NOT NULL
        );
        """
}

/// One alarm as the store keeps it.
public struct AlarmRecord: Sendable, Equatable {
    /// The row id (the alarm id users see); 0 before it is stored.
    public var id: Int64
    /// What makes it unique: re-evaluating the same calls yields the same key.
    public var dedupeKey: String
    /// The rule id (`after_hours`, `high_risk_destination`, …).
    public var rule: String
    /// `low`, `medium`, `high` or `critical`.
    public var severity: String
    /// The site the calls belong to.
    public var site: String
    /// `extension`, `trunk` or `site`.
    public var entityKind: String
    /// The extension key (`berlin/2001`), trunk or site name.
    public var entity: String
    /// The store ids of the legs concerned.
    public var callIDs: [Int64]
    /// When it happened (the first leg's start, the peak, the day's start), UTC ms.
    public var atMs: Int64
    /// When it was raised, UTC ms.
    public var raisedMs: Int64
    /// What happened, without phone numbers or names.
    public var message: String
    /// `open` or `acknowledged`.
    public var state: String
    /// Who acknowledged it.
    public var acknowledgedBy: String?
    /// When it was acknowledged.
    public var acknowledgedMs: Int64?
    /// The acknowledger's comment.
    public var comment: String?

    /// Creates a record (the alarm rules make them; the store reads them back).
    public init(id: Int64 = 0, dedupeKey: String, rule: String, severity: String, site: String, entityKind: String,
                entity: String, callIDs: [Int64], atMs: Int64, raisedMs: Int64, message: String, state: String = "open",
                acknowledgedBy: String? = nil, acknowledgedMs: Int64? = nil, comment: String? = nil) {
        self.id = id
        self.dedupeKey = dedupeKey
        self.rule = rule
        self.severity = severity
        self.site = site
        self.entityKind = entityKind
        self.entity = entity
        self.callIDs = callIDs
        self.atMs = atMs
        self.raisedMs = raisedMs
        self.message = message
        self.state = state
        self.acknowledgedBy = acknowledgedBy
        self.acknowledgedMs = acknowledgedMs
        self.comment = comment
    }
}

/// One notification of the outbox.
public struct AlarmDeliveryRecord: Sendable, Equatable {
    /// The row id.
    public var id: Int64
    /// The alarm it announces.
    public var alarmID: Int64
    /// `webhook` or `mail` (the notifier's channel).
    public var channel: String
    /// The alarm's site (whose settings say where it goes).
    public var site: String
    /// The JSON body, fixed when the alarm was raised.
    public var body: String
    /// `pending`, `delivered` or `failed`.
    public var state: String
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt is due, UTC ms.
    public var nextAttemptMs: Int64
    /// Why the last attempt failed.
    public var lastError: String?
    /// When it was delivered.
    public var deliveredMs: Int64?

    /// Creates a record (the store reads them; a notifier's tests may make them).
    public init(id: Int64, alarmID: Int64, channel: String, site: String, body: String, state: String = "pending", attempts: Int = 0,
                nextAttemptMs: Int64, lastError: String? = nil, deliveredMs: Int64? = nil) {
        self.id = id
        self.alarmID = alarmID
        self.channel = channel
        self.site = site
        self.body = body
        self.state = state
        self.attempts = attempts
        self.nextAttemptMs = nextAttemptMs
        self.lastError = lastError
        self.deliveredMs = deliveredMs
    }
}

/// Why an alarm could not be changed.
public enum AlarmRecordError: Error, Equatable, CustomStringConvertible {
    /// There is no alarm with this id.
    case noSuchAlarm(Int64)
    /// The alarm was acknowledged already.
    case alreadyAcknowledged(Int64)

    /// What went wrong.
    public var description: String {
        switch self {
        case .noSuchAlarm(let id): return "there is no alarm \(id) (see tollbook alarms list)"
        case .alreadyAcknowledged(let id): return "alarm \(id) is acknowledged already"
        }
    }
}

extension CallStore {
    /// Stores `alarm` unless an alarm with its dedupe key exists; returns the new id, or `nil`
    /// when it was known (joins an open write transaction).
    public func insertAlarm(_ alarm: AlarmRecord) throws -> Int64? {
        try write { _ in
            let insert = try database.prepare("""
                INSERT INTO alarms(dedupe_key, rule, severity, site, entity_kind, entity, call_ids, at_ms, raised_ms, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dedupe_key) DO NOTHING
                """)
            insert.bind(1, alarm.dedupeKey)
            insert.bind(2, alarm.rule)
            insert.bind(3, alarm.severity)
            insert.bind(4, alarm.site)
            insert.bind(5, alarm.entityKind)
            insert.bind(6, alarm.entity)
            insert.bind(7, alarm.callIDs.map(String.init).joined(separator: ","))
            insert.bind(8, alarm.atMs)
            insert.bind(9, alarm.raisedMs)
            insert.bind(10, alarm.message)
            try insert.run()
            return database.changes == 1 ? database.lastInsertRowID : nil
        }
    }

    /// The alarms, oldest first; only those in `state` when given.
    public func alarms(state: String? = nil) throws -> [AlarmRecord] {
        try selectAlarms(where: state == nil ? "" : "WHERE state = ?", bind: { if let state { $0.bind(1, state) } })
    }

    /// The alarm `id`, or `nil`.
    public func alarm(id: Int64) throws -> AlarmRecord? {
        try selectAlarms(where: "WHERE id = ?", bind: { $0.bind(1, id) }).first
    }

    /// Marks an open alarm acknowledged by `user` at `nowMs` with an optional comment.
    /// - Throws: ``AlarmRecordError`` when there is no such alarm or it was acknowledged already.
    public func acknowledgeAlarm(id: Int64, by user: String, comment: String?, nowMs: Int64) throws {
        try write { _ in
            let update = try database.prepare("""
                UPDATE alarms SET state = 'acknowledged', acknowledged_by = ?, acknowledged_ms = ?, ack_comment = ?
                WHERE id = ? AND state = 'open'
                """)
            update.bind(1, user)
            update.bind(2, nowMs)
            if let comment { update.bind(3, comment) } else { update.bindNull(3) }
            update.bind(4, id)
            try update.run()
            guard database.changes == 1 else {
                throw try alarm(id: id) == nil ? AlarmRecordError.noSuchAlarm(id) : AlarmRecordError.alreadyAcknowledged(id)
            }
        }
    }

    private func selectAlarms(where clause: String, bind: (SQLiteStatement) -> Void) throws -> [AlarmRecord] {
        let select = try database.prepare("""
            SELECT id, dedupe_key, rule, severity, site, entity_kind, entity, call_ids, at_ms, raised_ms, message, state,
                   acknowledged_by, acknowledged_ms, ack_comment FROM alarms \(clause) ORDER BY id
            """)
        bind(select)
        var rows: [AlarmRecord] = []
        while try select.step() {
            rows.append(AlarmRecord(
                id: select.int64(0), dedupeKey: select.text(1), rule: select.text(2), severity: select.text(3),
                site: select.text(4), entityKind: select.text(5), entity: select.text(6),
                callIDs: select.text(7).split(separator: ",").compactMap { Int64($0) }, atMs: select.int64(8),
                raisedMs: select.int64(9), message: select.text(10), state: select.text(11),
                acknowledgedBy: select.isNull(12) ? nil : select.text(12), acknowledgedMs: select.int64OrNil(13),
                comment: select.isNull(14) ? nil : select.text(14)))
        }
        return rows
    }
}

extension CallStore {
    /// Adds a notification of alarm `alarmID` on `channel`, due at once.
    public func enqueueAlarmDelivery(alarmID: Int64, channel: String, site: String, body: String, nowMs: Int64) throws {
        try write { _ in
            let insert = try database.prepare("""
                INSERT INTO alarm_outbox(alarm_id, channel, site, body, next_attempt_ms, created_ms) VALUES (?, ?, ?, ?, ?, ?)
                """)
            insert.bind(1, alarmID)
            insert.bind(2, channel)
            insert.bind(3, site)
            insert.bind(4, body)
            insert.bind(5, nowMs)
            insert.bind(6, nowMs)
            try insert.run()
        }
    }

    /// The pending notifications due at `nowMs`, oldest first.
    public func dueAlarmDeliveries(nowMs: Int64, limit: Int = 100) throws -> [AlarmDeliveryRecord] {
        try selectDeliveries(where: "WHERE state = 'pending' AND next_attempt_ms <= ?", limit: max(1, limit), bind: { $0.bind(1, nowMs) })
    }

    /// Every notification, oldest first.
    public func alarmDeliveries() throws -> [AlarmDeliveryRecord] {
        try selectDeliveries(where: "", limit: nil, bind: { _ in })
    }

    /// Records a delivered notification.
    public func markAlarmDelivered(id: Int64, nowMs: Int64) throws {
        try write { _ in
            let update = try database.prepare("""
                UPDATE alarm_outbox SET state = 'delivered', attempts = attempts + 1, delivered_ms = ?, last_error = NULL WHERE id = ?
                """)
            update.bind(1, nowMs)
            update.bind(2, id)
            try update.run()
        }
    }

    /// Records a failed attempt: retried at `nextAttemptMs`, or given up (`failed`) when it is `nil`.
    public func markAlarmDeliveryFailed(id: Int64, error: String, nextAttemptMs: Int64?) throws {
        try write { _ in
            let update = try database.prepare("""
                UPDATE alarm_outbox SET attempts = attempts + 1, last_error = ?, next_attempt_ms = coalesce(?, next_attempt_ms),
                       state = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END WHERE id = ?
                """)
            update.bind(1, error)
            update.bind(2, nextAttemptMs)
            update.bind(3, nextAttemptMs)
            update.bind(4, id)
            try update.run()
        }
    }

    private func selectDeliveries(where clause: String, limit: Int?, bind: (SQLiteStatement) -> Void) throws -> [AlarmDeliveryRecord] {
        let select = try database.prepare("""
            SELECT id, alarm_id, channel, site, body, state, attempts, next_attempt_ms, last_error, delivered_ms
            FROM alarm_outbox \(clause) ORDER BY \(limit == nil ? "id" : "next_attempt_ms, id") \(limit.map { "LIMIT \($0)" } ?? "")
            """)
        bind(select)
        var rows: [AlarmDeliveryRecord] = []
        while try select.step() {
            rows.append(AlarmDeliveryRecord(
                id: select.int64(0), alarmID: select.int64(1), channel: select.text(2), site: select.text(3), body: select.text(4),
                state: select.text(5), attempts: Int(select.int64(6)), nextAttemptMs: select.int64(7),
                lastError: select.isNull(8) ? nil : select.text(8), deliveredMs: select.int64OrNil(9)))
        }
        return rows
    }
}

extension CallStore {
    /// Notes that calls in `[fromMs, toMs)` were stored and still need evaluating (the alarm
    /// ingest stage; joins the batch's transaction).
    public func enqueueAlarmWindow(fromMs: Int64, toMs: Int64) throws {
        try write { _ in
            let insert = try database.prepare("INSERT INTO alarm_windows(from_ms, to_ms) VALUES (?, ?)")
            insert.bind(1, fromMs)
            insert.bind(2, toMs)
            try insert.run()
        }
    }

    /// The windows waiting for evaluation, oldest first: (row id, from, to).
    public func pendingAlarmWindows() throws -> [(id: Int64, fromMs: Int64, toMs: Int64)] {
        let select = try database.prepare("SELECT id, from_ms, to_ms FROM alarm_windows ORDER BY id")
        var rows: [(id: Int64, fromMs: Int64, toMs: Int64)] = []
        while try select.step() { rows.append((select.int64(0), select.int64(1), select.int64(2))) }
        return rows
    }

    /// Removes the windows up to row id `id` (evaluated).
    public func removeAlarmWindows(through id: Int64) throws {
        try write { _ in
            let delete = try database.prepare("DELETE FROM alarm_windows WHERE id <= ?")
            delete.bind(1, id)
            try delete.run()
        }
    }
}
