ALTER TABLE interviews ADD COLUMN evaluation_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interviews ADD COLUMN evaluation_locked_until TIMESTAMP;
CREATE INDEX greenhouse_orders_callback_idx ON greenhouse_orders (callback_status, next_attempt_at);
ALTER TABLE webhook_deliveries ADD COLUMN locked_until TIMESTAMP;
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
DROP INDEX email_outbox_status_idx;
ALTER TABLE email_outbox ADD COLUMN locked_until TIMESTAMP;
ALTER TABLE email_outbox ADD COLUMN next_attempt_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE email_outbox SET next_attempt_at = (
    SELECT background_jobs.run_at FROM background_jobs WHERE background_jobs.kind = 'send_email' AND background_jobs.subject = email_outbox.id
) WHERE EXISTS (SELECT 1 FROM background_jobs WHERE background_jobs.kind = 'send_email' AND background_jobs.subject = email_outbox.id);
CREATE INDEX email_outbox_due_idx ON email_outbox (status, next_attempt_at);
DROP TABLE background_jobs;
