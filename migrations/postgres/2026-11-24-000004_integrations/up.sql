-- Organisation API keys, stored hashed. `prefix` (the first characters) identifies a key in
-- lists and in leaked-secret reports without revealing it.
CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by TEXT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    -- "read" or "read,write".
    scopes TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE UNIQUE INDEX api_keys_hash_key ON api_keys (key_hash);
CREATE INDEX api_keys_organization_idx ON api_keys (organization_id);

-- Interviews ordered through Greenhouse's assessment-partner API, and the completion
-- callback (PATCH to Greenhouse's URL) with its retries.
CREATE TABLE greenhouse_orders (
    interview_id TEXT PRIMARY KEY NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    partner_test_id TEXT NOT NULL,
    callback_url TEXT,
    profile_url TEXT,
    sent_by TEXT,
    -- none → pending (on completion) → sent / failed
    callback_status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX greenhouse_orders_callback_idx ON greenhouse_orders (callback_status, next_attempt_at);
