DROP TABLE idempotency_keys;
DROP TABLE email_outbox;
DROP TABLE interview_access_tokens;
DROP TABLE interviews;
DROP TABLE applications;
DROP TABLE jobs;
