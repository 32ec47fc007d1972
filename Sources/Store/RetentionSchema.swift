/// The tables of retention and erasure (schema version 13), kept apart from ``StoreSchema`` for size.
/// `docs/privacy.md` ("Retention and erasure") describes them.
enum RetentionSchema {
    static let sql = """
        -- k-safe sums of call detail that retention or erasure deleted: per month (YYYY-MM on the
        -- retention clock), org node, category and currency. No participant, no number: cost
        -- reports add them for periods whose detail is gone, so their totals do not change.
        CREATE TABLE retained_sums (
            month TEXT NOT NULL,
            node_id INTEGER NOT NULL,
            category TEXT NOT NULL,
            currency TEXT NOT NULL,
            calls INTEGER NOT NULL,
            talk_ms INTEGER NOT NULL,
            cost_minor INTEGER NOT NULL,
            PRIMARY KEY (month, node_id, category, currency)
        ) WITHOUT ROWID;
        -- Where the audit log starts after retention pruned a prefix of it: the last pruned row's
        -- seq and MAC. `tollbook audit verify` starts the chain there; new rows continue after it.
        CREATE TABLE audit_pruned (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            mac TEXT NOT NULL,
            pruned_ms INTEGER NOT NULL
        );
        """
}
