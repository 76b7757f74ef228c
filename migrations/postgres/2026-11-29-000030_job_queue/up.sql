-- One durable job queue for all background work (email, webhooks, Greenhouse callbacks,
-- evaluation and the periodic sweeps). `kind` names the job, `subject` the record it works on
-- (one row per kind and subject), `payload` is its JSON. A job is deleted once done; one that
-- used up its attempts stays as `dead` with its last error.
CREATE TABLE background_jobs (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'dead')),
    attempts INTEGER NOT NULL,
    run_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX background_jobs_subject_idx ON background_jobs (kind, subject);
CREATE INDEX background_jobs_due_idx ON background_jobs (status, run_at);

-- Work already waiting in the old per-table queues moves over, attempts kept.
INSERT INTO background_jobs (id, kind, subject, payload, status, attempts, run_at, locked_until, last_error, created_at, updated_at)
SELECT 'migrated-send_email-' || id, 'send_email', id,
    '{"kind":"send_email","outbox_id":"' || id || '"}', 'queued', attempts, next_attempt_at,
    NULL, last_error, created_at, created_at
FROM email_outbox WHERE status = 'queued';

INSERT INTO background_jobs (id, kind, subject, payload, status, attempts, run_at, locked_until, last_error, created_at, updated_at)
SELECT 'migrated-deliver_webhook-' || id, 'deliver_webhook', id,
    '{"kind":"deliver_webhook","delivery_id":"' || id || '"}', 'queued', attempts, next_attempt_at,
    NULL, last_error, created_at, created_at
FROM webhook_deliveries WHERE status = 'queued';

INSERT INTO background_jobs (id, kind, subject, payload, status, attempts, run_at, locked_until, last_error, created_at, updated_at)
SELECT 'migrated-greenhouse_callback-' || interview_id, 'greenhouse_callback', interview_id,
    '{"kind":"greenhouse_callback","interview_id":"' || interview_id || '"}', 'queued', attempts,
    COALESCE(next_attempt_at, created_at), NULL, last_error, created_at, created_at
FROM greenhouse_orders WHERE callback_status = 'pending';

INSERT INTO background_jobs (id, kind, subject, payload, status, attempts, run_at, locked_until, last_error, created_at, updated_at)
SELECT 'migrated-evaluate_interview-' || id, 'evaluate_interview', id,
    '{"kind":"evaluate_interview","interview_id":"' || id || '"}', 'queued', 0,
    COALESCE(completed_at, updated_at), NULL, NULL, COALESCE(completed_at, updated_at), updated_at
FROM interviews WHERE evaluation_status IN ('pending', 'running');
UPDATE interviews SET evaluation_status = 'pending' WHERE evaluation_status = 'running';

-- The old tables' own claiming columns go; what a recruiter sees (status, attempts, last
-- error, next attempt of a webhook delivery or Greenhouse callback) stays on the record.
DROP INDEX email_outbox_due_idx;
ALTER TABLE email_outbox DROP COLUMN next_attempt_at;
ALTER TABLE email_outbox DROP COLUMN locked_until;
CREATE INDEX email_outbox_status_idx ON email_outbox (status);
DROP INDEX webhook_deliveries_due_idx;
ALTER TABLE webhook_deliveries DROP COLUMN locked_until;
DROP INDEX greenhouse_orders_callback_idx;
ALTER TABLE interviews DROP COLUMN evaluation_locked_until;
ALTER TABLE interviews DROP COLUMN evaluation_attempts;
