/// The org chart's tables and views (schema version 5), kept apart from ``StoreSchema`` for size.
///
/// Time ranges are half-open, `[valid_from_ms, valid_to_ms)`, UTC milliseconds; `valid_to_ms`
/// NULL means "still valid". Rows of the history are never deleted by normal operation: people who
/// leave, move or give up a classifier get an end date, so reports of earlier periods stay as
/// they were. No index on `calls` is added: allocation looks calls up by time (the existing
/// `(start_ms, vendor_key)` index) and then finds owners through the small org tables, so the
/// personal columns of `calls` stay unindexed.
enum OrgSchema {
    /// The id of the system node "Other", which collects calls whose classifiers nobody owns.
    static let otherNodeID = 1

    static let sql = """
        CREATE TABLE org_nodes (
            id INTEGER PRIMARY KEY,
            parent_id INTEGER REFERENCES org_nodes(id),
            name TEXT NOT NULL,
            -- site, cost_centre, department, team, group, other (the system node only)
            type TEXT NOT NULL,
            -- 1 for the system node "Other", which cannot be renamed, moved or removed.
            is_system INTEGER NOT NULL DEFAULT 0,
            created_ms INTEGER NOT NULL,
            -- Set when a node that has history is removed: it stays for past reports, hidden.
            removed_ms INTEGER
        );
        CREATE UNIQUE INDEX org_nodes_unique_sibling_name ON org_nodes(ifnull(parent_id, 0), name)
            WHERE removed_ms IS NULL;
        INSERT INTO org_nodes(id, parent_id, name, type, is_system, created_ms) VALUES (1, NULL, 'Other', 'other', 1, 0);

        CREATE TABLE participants (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT,
            employee_id TEXT,
            person_group TEXT,
            -- The directory's unique id (AD objectGUID, LDAP entryUUID) for participants from a sync.
            external_id TEXT UNIQUE,
            created_ms INTEGER NOT NULL,
            -- When the person left (end of their last placement); NULL while active.
            ended_ms INTEGER
        );

        -- Where a participant sits, over time. At most one placement per participant at any instant.
        CREATE TABLE participant_placements (
            id INTEGER PRIMARY KEY,
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            valid_from_ms INTEGER NOT NULL,
            valid_to_ms INTEGER,
            CHECK (valid_to_ms IS NULL OR valid_to_ms > valid_from_ms)
        );
        CREATE INDEX participant_placements_by_participant ON participant_placements(participant_id, valid_from_ms);
        CREATE INDEX participant_placements_by_node ON participant_placements(node_id);
        CREATE TRIGGER participant_placements_no_overlap_insert BEFORE INSERT ON participant_placements
        WHEN EXISTS (SELECT 1 FROM participant_placements p WHERE p.participant_id = NEW.participant_id
                     AND p.valid_from_ms < ifnull(NEW.valid_to_ms, 9223372036854775807)
                     AND NEW.valid_from_ms < ifnull(p.valid_to_ms, 9223372036854775807))
        BEGIN SELECT RAISE(ABORT, 'overlapping participant placement'); END;
        CREATE TRIGGER participant_placements_no_overlap_update BEFORE UPDATE ON participant_placements
        WHEN EXISTS (SELECT 1 FROM participant_placements p WHERE p.participant_id = NEW.participant_id
                     AND p.id <> NEW.id
                     AND p.valid_from_ms < ifnull(NEW.valid_to_ms, 9223372036854775807)
                     AND NEW.valid_from_ms < ifnull(p.valid_to_ms, 9223372036854775807))
        BEGIN SELECT RAISE(ABORT, 'overlapping participant placement'); END;

        -- What identifies a call's local party. Extensions are keyed by the calls' extension_key
        -- (`<site>/<extension>`), the others by the value as stored on calls.
        CREATE TABLE classifiers (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('extension', 'pin', 'account_code', 'device')),
            value TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            UNIQUE (kind, value)
        );

        -- Who owns a classifier, over time. At most one owner per classifier at any instant.
        CREATE TABLE classifier_assignments (
            id INTEGER PRIMARY KEY,
            classifier_id INTEGER NOT NULL REFERENCES classifiers(id),
            participant_id INTEGER NOT NULL REFERENCES participants(id),
            valid_from_ms INTEGER NOT NULL,
            valid_to_ms INTEGER,
            CHECK (valid_to_ms IS NULL OR valid_to_ms > valid_from_ms)
        );
        CREATE INDEX classifier_assignments_by_classifier ON classifier_assignments(classifier_id, valid_from_ms);
        CREATE INDEX classifier_assignments_by_participant ON classifier_assignments(participant_id);
        CREATE TRIGGER classifier_assignments_no_overlap_insert BEFORE INSERT ON classifier_assignments
        WHEN EXISTS (SELECT 1 FROM classifier_assignments a WHERE a.classifier_id = NEW.classifier_id
                     AND a.valid_from_ms < ifnull(NEW.valid_to_ms, 9223372036854775807)
                     AND NEW.valid_from_ms < ifnull(a.valid_to_ms, 9223372036854775807))
        BEGIN SELECT RAISE(ABORT, 'overlapping classifier assignment'); END;
        CREATE TRIGGER classifier_assignments_no_overlap_update BEFORE UPDATE ON classifier_assignments
        WHEN EXISTS (SELECT 1 FROM classifier_assignments a WHERE a.classifier_id = NEW.classifier_id
                     AND a.id <> NEW.id
                     AND a.valid_from_ms < ifnull(NEW.valid_to_ms, 9223372036854775807)
                     AND NEW.valid_from_ms < ifnull(a.valid_to_ms, 9223372036854775807))
        BEGIN SELECT RAISE(ABORT, 'overlapping classifier assignment'); END;

        -- How far classifier discovery has read the calls table (highest call id seen).
        CREATE TABLE org_discovery (id INTEGER PRIMARY KEY CHECK (id = 1), last_call_id INTEGER NOT NULL);
        INSERT INTO org_discovery(id, last_call_id) VALUES (1, 0);

        -- Each call with the participant, node and classifier it is allocated to at its start.
        -- The owner is found through the call's classifiers in the order PIN, account code,
        -- extension, device: the first one somebody owns at that instant wins. The node is the
        -- owner's placement at that instant. Node 1 ("Other") takes calls whose classifiers nobody
        -- owns (participant_id NULL, classifier_id the call's leading known classifier, if any) and
        -- calls of owners without a placement then.
        CREATE VIEW call_allocations AS
        SELECT x.call_id, x.start_ms, x.talk_ms, x.cost_minor, a.participant_id,
               ifnull((SELECT p.node_id FROM participant_placements p
                       WHERE p.participant_id = a.participant_id AND p.valid_from_ms <= x.start_ms
                         AND (p.valid_to_ms IS NULL OR x.start_ms < p.valid_to_ms)), 1) AS node_id,
               ifnull(a.classifier_id, x.leading_classifier) AS classifier_id
        FROM (
            SELECT c.id AS call_id, c.start_ms, c.talk_ms, c.cost_minor,
                (SELECT a.id FROM classifiers k JOIN classifier_assignments a ON a.classifier_id = k.id
                 WHERE ((k.kind = 'pin' AND k.value = c.pin) OR (k.kind = 'account_code' AND k.value = c.account_code)
                        OR (k.kind = 'extension' AND k.value = c.extension_key) OR (k.kind = 'device' AND k.value = c.device))
                   AND a.valid_from_ms <= c.start_ms AND (a.valid_to_ms IS NULL OR c.start_ms < a.valid_to_ms)
                 ORDER BY CASE k.kind WHEN 'pin' THEN 1 WHEN 'account_code' THEN 2 WHEN 'extension' THEN 3 ELSE 4 END
                 LIMIT 1) AS assignment_id,
                (SELECT k.id FROM classifiers k
                 WHERE (k.kind = 'pin' AND k.value = c.pin) OR (k.kind = 'account_code' AND k.value = c.account_code)
                       OR (k.kind = 'extension' AND k.value = c.extension_key) OR (k.kind = 'device' AND k.value = c.device)
                 ORDER BY CASE k.kind WHEN 'pin' THEN 1 WHEN 'account_code' THEN 2 WHEN 'extension' THEN 3 ELSE 4 END
                 LIMIT 1) AS leading_classifier
            FROM calls c
        ) x
        LEFT JOIN classifier_assignments a ON a.id = x.assignment_id;
        """
}
