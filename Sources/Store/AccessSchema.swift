/// The access tables (schema version 10): users, their roles and scope, custom roles, password
/// history, API tokens and the HMAC-chained audit log. Kept apart from ``StoreSchema`` for size;
/// `docs/access.md` describes them.
enum AccessSchema {
    static let sql = """
        -- Accounts that may log in (password or directory) or own API tokens. password_hash is a
        -- bcrypt hash (salt and cost inside it); NULL for directory-only accounts.
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            password_hash TEXT,
            disabled INTEGER NOT NULL DEFAULT 0,
            created_ms INTEGER NOT NULL,
            last_login_ms INTEGER,
            -- Failed logins since the last success, and until when the account is locked.
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until_ms INTEGER,
            -- The person in the org chart the account is (own calls; directory login).
            participant_id INTEGER REFERENCES participants(id) ON DELETE SET NULL,
            -- The directory DN to bind as for a directory login; NULL for local accounts.
            directory_dn TEXT
        );
        -- Role names: built-in (superuser, admin, …) or a row of custom_roles.
        CREATE TABLE user_roles (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            PRIMARY KEY (user_id, role)
        ) WITHOUT ROWID;
        -- Custom roles: permission names separated by spaces.
        CREATE TABLE custom_roles (
            name TEXT PRIMARY KEY,
            permissions TEXT NOT NULL,
            created_ms INTEGER NOT NULL
        ) WITHOUT ROWID;
        -- The org nodes whose subtrees a user may see.
        CREATE TABLE user_scope (
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id) ON DELETE CASCADE,
            PRIMARY KEY (user_id, node_id)
        ) WITHOUT ROWID;
        -- Earlier password hashes (the newest N are kept) so that a password is not reused.
        CREATE TABLE password_history (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            password_hash TEXT NOT NULL,
            created_ms INTEGER NOT NULL
        );
        CREATE INDEX password_history_by_user ON password_history(user_id, id);
        -- API tokens: only the SHA-256 of the token (hex) is kept; the token is shown once.
        CREATE TABLE api_tokens (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            token_sha256 TEXT NOT NULL UNIQUE,
            created_ms INTEGER NOT NULL,
            expires_ms INTEGER,
            revoked_ms INTEGER,
            last_used_ms INTEGER,
            UNIQUE (user_id, name)
        );
        -- The audit log: mac = HMAC-SHA256(key, seq ‖ prev_mac ‖ fields), the key outside the
        -- database. subject is a keyed pseudonym, never a name or number. Rows are only appended.
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            prev_mac TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            action TEXT NOT NULL,
            actor TEXT NOT NULL,
            subject TEXT,
            outcome TEXT NOT NULL,
            detail TEXT NOT NULL,
            mac TEXT NOT NULL
        );
        """
}
