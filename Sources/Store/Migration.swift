/// One step of the store's schema history. Applied in order, each in its own transaction;
/// the schema version is SQLite's `user_version`.
public struct Migration: Sendable {
    /// The schema version after this step (1, 2, …).
    public let version: Int
    /// What the step does, for logs.
    public let summary: String
    /// The SQL of the step.
    public let sql: String
}

/// The schema history of the call store. Never edit a released step: append a new one.
public enum StoreSchema {
    /// All migrations, oldest first.
    public static let migrations: [Migration] = [
        Migration(version: 1, summary: "sources, calls and quarantined input", sql: """
            CREATE TABLE sources (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                connector TEXT NOT NULL,
                -- IANA zone the source's local times were read in (part of a record's identity).
                time_zone TEXT NOT NULL,
                created_ms INTEGER NOT NULL
            );
            -- One row per call leg. Personal columns (numbers and codes) are grouped at the end and
            -- never indexed, so that they can be masked, encrypted or dropped column by column.
            CREATE TABLE calls (
                id INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL REFERENCES sources(id),
                -- 64-bit hash of (source_id, vendor_record_id); collisions are resolved by probing
                -- (see CallStore). With start_ms it forms the one index of the table: it keeps a record
                -- unique and serves time ranges, and since calls arrive in time order, inserts into it
                -- append instead of landing at random places (which would not stay in cache).
                vendor_key INTEGER NOT NULL,
                vendor_record_id TEXT NOT NULL,
                correlation_id TEXT NOT NULL,
                start_ms INTEGER NOT NULL,
                answer_ms INTEGER,
                end_ms INTEGER NOT NULL,
                ring_ms INTEGER NOT NULL,
                talk_ms INTEGER NOT NULL,
                direction INTEGER NOT NULL,    -- TB_DIRECTION_* codes of the plugin ABI
                disposition INTEGER NOT NULL,  -- TB_DISPOSITION_* codes (leg kind follows from flags)
                flags INTEGER NOT NULL,
                trunk TEXT,
                device TEXT,
                remote_device TEXT,
                hunt_group TEXT,
                cause INTEGER,
                cause_text TEXT,
                charge_units INTEGER,
                charge_minor INTEGER,
                charge_currency TEXT,
                source_offset INTEGER NOT NULL,
                source_length INTEGER NOT NULL,
                extra TEXT,
                calling TEXT,
                called TEXT,
                original_called TEXT,
                connected TEXT,
                redirecting TEXT,
                extension TEXT,
                remote TEXT,
                account_code TEXT,
                pin TEXT,
                project_code TEXT,
                UNIQUE (start_ms, vendor_key)
            );
            CREATE TABLE rejects (
                id INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL REFERENCES sources(id),
                file_sha256 TEXT NOT NULL,
                file_name TEXT NOT NULL,
                source_offset INTEGER NOT NULL,
                reason TEXT NOT NULL,
                field TEXT,
                message TEXT NOT NULL,
                raw BLOB NOT NULL,
                created_ms INTEGER NOT NULL,
                UNIQUE (source_id, file_sha256, source_offset)
            );
            """),
        Migration(version: 2, summary: "import log", sql: """
            CREATE TABLE imports (
                id INTEGER PRIMARY KEY,
                source_id INTEGER NOT NULL REFERENCES sources(id),
                file_path TEXT NOT NULL,
                file_sha256 TEXT NOT NULL,
                file_bytes INTEGER NOT NULL,
                imported INTEGER NOT NULL,
                duplicates INTEGER NOT NULL,
                rejected INTEGER NOT NULL,
                skipped INTEGER NOT NULL,
                started_ms INTEGER NOT NULL,
                finished_ms INTEGER NOT NULL,
                status TEXT NOT NULL,
                error TEXT
            );
            CREATE INDEX imports_by_hash ON imports(file_sha256);
            ALTER TABLE calls ADD COLUMN import_id INTEGER REFERENCES imports(id);
            ALTER TABLE rejects ADD COLUMN import_id INTEGER REFERENCES imports(id);
            """),
        Migration(version: 3, summary: "normalised numbers and rating", sql: """
            -- How calls were priced. What many calls share (status, provider, tariff version, zone,
            -- destination, bands, increments, category, reason) is stored once in pricing_keys; a
            -- call keeps the key, its own cost, the remote party in E.164 (personal: never indexed)
            -- and the local party's site-scoped key. A call without pricing_key was not rated (no
            -- configuration for its source). previous_cost_minor keeps the cost before the last
            -- re-rating, so reports can show what changed.
            CREATE TABLE pricing_keys (
                id INTEGER PRIMARY KEY,
                status TEXT NOT NULL,
                remote_category TEXT NOT NULL,
                currency TEXT NOT NULL,
                provider TEXT NOT NULL,
                tariff_version TEXT NOT NULL,
                zone TEXT NOT NULL,
                destination TEXT NOT NULL,
                bands TEXT NOT NULL,
                increments TEXT NOT NULL,
                reason TEXT NOT NULL,
                UNIQUE (status, remote_category, currency, provider, tariff_version, zone, destination, bands,
                        increments, reason)
            );
            ALTER TABLE calls ADD COLUMN pricing_key INTEGER REFERENCES pricing_keys(id);
            ALTER TABLE calls ADD COLUMN cost_minor INTEGER;
            ALTER TABLE calls ADD COLUMN remote_e164 TEXT;
            ALTER TABLE calls ADD COLUMN extension_key TEXT;
            ALTER TABLE calls ADD COLUMN rated_ms INTEGER;
            ALTER TABLE calls ADD COLUMN previous_cost_minor INTEGER;
            ALTER TABLE calls ADD COLUMN previous_rated_ms INTEGER;
            """),
        Migration(version: 4, summary: "every party number normalised and classified", sql: """
            -- Every party number of a leg in E.164 (NULL when it has none or cannot be made E.164)
            -- and the local party's own E.164 number (through the site's DID blocks). The five
            -- numbers' categories are packed into number_categories, 4 bits each: calling (lowest),
            -- called, original called, connected, redirecting; the codes are in number_categories
            -- and the view call_numbers spells them out. Personal data: none of them is indexed.
            ALTER TABLE calls ADD COLUMN local_e164 TEXT;
            ALTER TABLE calls ADD COLUMN calling_e164 TEXT;
            ALTER TABLE calls ADD COLUMN called_e164 TEXT;
            ALTER TABLE calls ADD COLUMN original_called_e164 TEXT;
            ALTER TABLE calls ADD COLUMN connected_e164 TEXT;
            ALTER TABLE calls ADD COLUMN redirecting_e164 TEXT;
            ALTER TABLE calls ADD COLUMN number_categories INTEGER;
            CREATE TABLE number_categories (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
            INSERT INTO number_categories(code, name) VALUES
                (0, ''), (1, 'internal'), (2, 'local'), (3, 'national'), (4, 'mobile'), (5, 'international'),
                (6, 'special'), (7, 'emergency'), (8, 'premium'), (9, 'unknown');
            CREATE VIEW call_numbers AS
                SELECT c.id AS call_id,
                       c.calling_e164, (SELECT name FROM number_categories WHERE code = c.number_categories & 15)
                           AS calling_category,
                       c.called_e164, (SELECT name FROM number_categories WHERE code = (c.number_categories >> 4) & 15)
                           AS called_category,
                       c.original_called_e164,
                       (SELECT name FROM number_categories WHERE code = (c.number_categories >> 8) & 15)
                           AS original_called_category,
                       c.connected_e164,
                       (SELECT name FROM number_categories WHERE code = (c.number_categories >> 12) & 15)
                           AS connected_category,
                       c.redirecting_e164,
                       (SELECT name FROM number_categories WHERE code = (c.number_categories >> 16) & 15)
                           AS redirecting_category,
                       c.remote_e164, c.local_e164, c.extension_key
                FROM calls c WHERE c.pricing_key IS NOT NULL;
            """),
        Migration(version: 5, summary: "org chart: nodes, participants, classifiers, allocation views", sql: OrgSchema.sql),
        Migration(version: 6, summary: "party numbers equal to the remote or local party stored as references", sql: """
            -- A party's E.164 equal to remote_e164 or local_e164 is no longer written again: its own
            -- column stays NULL and number_categories says where it is (2 bits per party from bit 20:
            -- 0 own column, 1 remote_e164, 2 local_e164). Query call_numbers, which resolves them.
            DROP VIEW call_numbers;
            CREATE VIEW call_numbers AS
                SELECT c.id AS call_id,
                       CASE (c.number_categories >> 20) & 3 WHEN 1 THEN c.remote_e164 WHEN 2 THEN c.local_e164
                           ELSE c.calling_e164 END AS calling_e164,
                       (SELECT name FROM number_categories WHERE code = c.number_categories & 15) AS calling_category,
                       CASE (c.number_categories >> 22) & 3 WHEN 1 THEN c.remote_e164 WHEN 2 THEN c.local_e164
                           ELSE c.called_e164 END AS called_e164,
                       (SELECT name FROM number_categories WHERE code = (c.number_categories >> 4) & 15) AS called_category,
                       CASE (c.number_categories >> 24) & 3 WHEN 1 THEN c.remote_e164 WHEN 2 THEN c.local_e164
                           ELSE c.original_called_e164 END AS original_called_e164,
                       (SELECT name FROM number_categories WHERE code = (c.number_categories >> 8) & 15)
                           AS original_called_category,
                       CASE (c.number_categories >> 26) & 3 WHEN 1 THEN c.remote_e164 WHEN 2 THEN c.local_e164
                           ELSE c.connected_e164 END AS connected_e164,
                       (SELECT name FROM number_categories WHERE code = (c.number_categories >> 12) & 15)
                           AS connected_category,
                       CASE (c.number_categories >> 28) & 3 WHEN 1 THEN c.remote_e164 WHEN 2 THEN c.local_e164
                           ELSE c.redirecting_e164 END AS redirecting_e164,
                       (SELECT name FROM number_categories WHERE code = (c.number_categories >> 16) & 15)
                           AS redirecting_category,
                       c.remote_e164, c.local_e164, c.extension_key
                FROM calls c WHERE c.pricing_key IS NOT NULL;
            """),
        Migration(version: 7, summary: "capture: journal positions of connector instances", sql: """
            -- Exactly-once ingestion from the raw journal (`tollbook serve`). A connector instance's
            -- position is committed in the same transaction as the records it produced: next_seq is
            -- the first journal entry not yet read; every stream (file, connection, HTTP body) has a
            -- row with its import-log entry and, while open, how many of its bytes have their records
            -- stored (consumed). After a restart the open streams are read again from their first
            -- entry and records below `consumed` are dropped, so nothing is stored twice.
            CREATE TABLE ingest_positions (
                source_id INTEGER PRIMARY KEY REFERENCES sources(id),
                next_seq INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL
            );
            CREATE TABLE ingest_streams (
                source_id INTEGER NOT NULL REFERENCES sources(id),
                stream INTEGER NOT NULL,
                import_id INTEGER NOT NULL REFERENCES imports(id),
                received_ms INTEGER NOT NULL,
                consumed INTEGER NOT NULL DEFAULT 0,
                open INTEGER NOT NULL DEFAULT 1,
                PRIMARY KEY (source_id, stream)
            ) WITHOUT ROWID;
            """),
        Migration(version: 8, summary: "import log: plugin violations, conflicts and the importing process", sql: """
            -- Records the host refused or a plugin's worker failed on (plugin_* reject reasons) are
            -- counted apart from the format's own rejects; conflicts are different records under a
            -- key the store already has. Counts are updated in the same transaction as the records
            -- they count, so a log row never claims what was rolled back. `pid` names the process of
            -- a running `tollbook import`: a row left 'running' by a process that no longer exists
            -- is marked 'interrupted'.
            ALTER TABLE imports ADD COLUMN plugin_violations INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE imports ADD COLUMN conflicts INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE imports ADD COLUMN pid INTEGER;
            -- A 64-bit digest of what a leg says (everything but where its bytes were and which import
            -- brought it): a record delivered again under the same (source, vendor record id, start)
            -- is a duplicate when the digests agree and a conflict when they differ. NULL for legs
            -- stored before this version (never a conflict).
            ALTER TABLE calls ADD COLUMN content_hash INTEGER;
            -- A conflict's reject names the stored leg it differs from and, when the file it came from
            -- is still readable, that leg's bytes.
            ALTER TABLE rejects ADD COLUMN conflict_call_id INTEGER;
            ALTER TABLE rejects ADD COLUMN conflict_raw BLOB;
            """),
        Migration(version: 9, summary: "how a leg was priced: rated, flat, free, unrated, not_billable", sql: """
            -- Flat and free legs both cost 0; pricing tells them apart (and from per-minute or
            -- per-call prices that round to 0). Outcomes stored before this version cannot tell flat
            -- and free from rated: they read 'rated' until `tollbook rerate` prices them again.
            ALTER TABLE pricing_keys ADD COLUMN pricing TEXT NOT NULL DEFAULT '';
            UPDATE pricing_keys SET pricing = CASE status WHEN 'rated' THEN 'rated' WHEN 'unrated' THEN 'unrated'
                ELSE 'not_billable' END;
            """),
        Migration(version: 10, summary: "access: users, roles, scope, password history, API tokens, audit log", sql: AccessSchema.sql),
        Migration(version: 11, summary: "privacy: a call's category and protected-number class", sql: """
            -- What a call was made for: business, project, private or pin (privacy packages and
            -- retention depend on it). Legs stored before this version are business calls.
            ALTER TABLE calls ADD COLUMN category TEXT NOT NULL DEFAULT 'business';
            -- The protected-number class (works council, counselling, ...) whose label replaced
            -- the call's numbers at ingest; NULL when none did.
            ALTER TABLE calls ADD COLUMN protected_class TEXT;
            """),
        Migration(version: 12, summary: "encryption at rest: store meta, data keys, sealed call fields, blind index", sql: """
            -- Whether the store is encrypted, the KEK's check value, the wrapped index and pseudonym
            -- keys and the current key epoch (see docs/privacy.md, "Encryption at rest").
            CREATE TABLE store_meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
            -- Data keys per (subject pseudonym, category, month), wrapped by the KEK and the key
            -- epoch; a destroyed key keeps its row (destroyed_ms, fingerprint) but not its bytes.
            CREATE TABLE data_keys (
                id INTEGER PRIMARY KEY,
                subject BLOB NOT NULL,
                category TEXT NOT NULL,
                month TEXT NOT NULL,
                wrapped BLOB,
                created_ms INTEGER NOT NULL,
                destroyed_ms INTEGER,
                fingerprint TEXT
            );
            CREATE UNIQUE INDEX data_keys_live ON data_keys(subject, category, month) WHERE destroyed_ms IS NULL;
            -- An encrypted call's party numbers (raw and E.164) and vendor fields, sealed in one
            -- AES-256-GCM blob (AAD calls|sealed|<id>) under data key data_key_id; the plaintext
            -- columns are NULL then. remote_bidx: keyed blind index of the remote number.
            ALTER TABLE calls ADD COLUMN sealed BLOB;
            ALTER TABLE calls ADD COLUMN data_key_id INTEGER;
            ALTER TABLE calls ADD COLUMN remote_bidx INTEGER;
            CREATE INDEX calls_remote_bidx ON calls(remote_bidx) WHERE remote_bidx IS NOT NULL;
            CREATE INDEX calls_data_key ON calls(data_key_id) WHERE data_key_id IS NOT NULL;
            -- A reject's raw bytes sealed the same way (AAD rejects|raw|<id>); raw is empty then.
            ALTER TABLE rejects ADD COLUMN sealed_raw BLOB;
            ALTER TABLE rejects ADD COLUMN data_key_id INTEGER;
            """),
        Migration(version: 13, summary: "retention: k-safe retained sums, audit log prune anchor", sql: RetentionSchema.sql),
        Migration(version: 15, summary: "privacy: four-eyes unlocks (P9)", sql: UnlockSchema.sql),
        Migration(version: 16, summary: "encryption at rest: no secondary indexes on sealed calls", sql: """
            -- The calls table keeps one index, (start_ms, vendor_key), encrypted or not: a lookup
            -- by number compares the blind index while scanning (as a plaintext store compares
            -- the number columns), and a shred finds the other calls of a data key among the
            -- calls of the key's month. Two random-order indexes cost more at every insert than
            -- they save at those rare reads.
            DROP INDEX IF EXISTS calls_remote_bidx;
            DROP INDEX IF EXISTS calls_data_key;
            -- How many calls were sealed under a data key (kept by the insert, per batch; NULL for
            -- keys from before this version = unknown). A shred that deletes that many of a key's
            -- calls knows none is left to re-seal and skips looking for them. Never lower than
            -- the truth: calls deleted other than by a shred only make it an over-count.
            ALTER TABLE data_keys ADD COLUMN calls INTEGER;
            """),
        Migration(version: 17, summary: "alarms: toll-fraud and anomaly alarms, notification outbox, windows to evaluate", sql: AlarmSchema.sql),
        Migration(version: 18, summary: "roll-ups: KPI quarter hours per entity, changed ranges, meta, kept quarters", sql: RollupSchema.sql),
        Migration(version: 19, summary: "mail: outbox of scheduled report mails, retried across restarts", sql: MailOutboxSchema.sql),
        Migration(version: 20, summary: "roll-ups: quarters packed per entity and day", sql: RollupDaySchema.sql),
    ]

    /// The newest schema version this build knows.
    public static var latestVersion: Int { migrations.last?.version ?? 0 }
}

extension SQLiteDatabase {
    /// The schema version of the file (0 for a new, empty file).
    func schemaVersion() throws -> Int {
        Int(try scalarInt("PRAGMA user_version") ?? 0)
    }

    /// Applies every migration newer than the file's schema, each in its own transaction.
    /// - Parameter upTo: stop after this version (tests use it to build older schemas).
    /// - Returns: the versions applied.
    /// - Throws: ``StoreError/schemaTooNew(path:found:known:)`` for a file from a newer build.
    @discardableResult
    func migrate(upTo target: Int = StoreSchema.latestVersion) throws -> [Int] {
        let current = try schemaVersion()
        guard current <= StoreSchema.latestVersion else {
            throw StoreError.schemaTooNew(path: path, found: current, known: StoreSchema.latestVersion)
        }
        var applied: [Int] = []
        for migration in StoreSchema.migrations where migration.version > current && migration.version <= target {
            try transaction {
                try execute(migration.sql)
                try execute("PRAGMA user_version = \(migration.version)")
            }
            applied.append(migration.version)
        }
        return applied
    }
}
