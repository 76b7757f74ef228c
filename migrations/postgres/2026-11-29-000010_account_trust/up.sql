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
ALTER TABLE email_outbox ALTER COLUMN interview_id DROP NOT NULL;
ALTER TABLE email_outbox ADD COLUMN user_id TEXT REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_subject_check
    CHECK (interview_id IS NOT NULL OR user_id IS NOT NULL);
CREATE INDEX email_outbox_user_idx ON email_outbox (user_id);
