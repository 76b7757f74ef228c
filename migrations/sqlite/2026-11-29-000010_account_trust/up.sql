-- Trust: verified emails, single-use account tokens (email verification, password reset),
-- interview-scoped link sessions, and a grace window for concurrent refresh.

-- NULL until the address is proven (verification or password-reset link). Accounts that
-- existed before verification was introduced and have a password are taken as verified.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;
UPDATE users SET email_verified_at = created_at WHERE password_hash IS NOT NULL;

-- Emailed account tokens, stored as SHA-256 hashes, single use.
CREATE TABLE account_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
    token_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE UNIQUE INDEX account_tokens_hash_key ON account_tokens (token_hash);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

-- A refresh family started by an emailed interview link is scoped to that interview and
-- lives only as long as the link token it came from.
ALTER TABLE refresh_tokens ADD COLUMN interview_id TEXT REFERENCES interviews (id) ON DELETE CASCADE;
ALTER TABLE refresh_tokens ADD COLUMN access_token_id TEXT REFERENCES interview_access_tokens (id) ON DELETE CASCADE;
-- The token that replaced this one, sealed with a key only the holder of this token can
-- derive; lets a second tab that refreshes within seconds get the same new session.
ALTER TABLE refresh_tokens ADD COLUMN successor_sealed TEXT;

-- Account emails (verification, password reset) go through the same outbox: a message is
-- about an interview, or about an account.
CREATE TABLE email_outbox_new (
    id TEXT PRIMARY KEY NOT NULL,
    interview_id TEXT REFERENCES interviews (id) ON DELETE CASCADE,
    user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    to_email TEXT NOT NULL,
    to_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    message_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    CHECK (interview_id IS NOT NULL OR user_id IS NOT NULL)
);
INSERT INTO email_outbox_new (id, interview_id, user_id, kind, to_email, to_name, status, attempts,
    next_attempt_at, locked_until, last_error, message_id, created_at, sent_at)
SELECT id, interview_id, NULL, kind, to_email, to_name, status, attempts, next_attempt_at,
    locked_until, last_error, message_id, created_at, sent_at FROM email_outbox;
DROP TABLE email_outbox;
ALTER TABLE email_outbox_new RENAME TO email_outbox;
CREATE INDEX email_outbox_due_idx ON email_outbox (status, next_attempt_at);
CREATE INDEX email_outbox_interview_idx ON email_outbox (interview_id, created_at);
CREATE INDEX email_outbox_user_idx ON email_outbox (user_id);
