DELETE FROM email_outbox WHERE interview_id IS NULL;
CREATE TABLE email_outbox_old (
    id TEXT PRIMARY KEY NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
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
    sent_at TIMESTAMP
);
INSERT INTO email_outbox_old SELECT id, interview_id, kind, to_email, to_name, status, attempts,
    next_attempt_at, locked_until, last_error, message_id, created_at, sent_at FROM email_outbox;
DROP TABLE email_outbox;
ALTER TABLE email_outbox_old RENAME TO email_outbox;
CREATE INDEX email_outbox_due_idx ON email_outbox (status, next_attempt_at);
CREATE INDEX email_outbox_interview_idx ON email_outbox (interview_id, created_at);
ALTER TABLE refresh_tokens DROP COLUMN successor_sealed;
ALTER TABLE refresh_tokens DROP COLUMN access_token_id;
ALTER TABLE refresh_tokens DROP COLUMN interview_id;
DROP TABLE account_tokens;
ALTER TABLE users DROP COLUMN email_verified_at;
