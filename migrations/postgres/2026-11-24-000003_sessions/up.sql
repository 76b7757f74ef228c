-- The live interview, recorded by the server (the browser only renders it).
ALTER TABLE interviews ADD COLUMN consent_at TIMESTAMP;
-- started_at + the time limit: the server's clock decides when time is up.
ALTER TABLE interviews ADD COLUMN deadline_at TIMESTAMP;
ALTER TABLE interviews ADD COLUMN end_reason TEXT;
-- NULL until completion; then pending → running → ready (or failed).
ALTER TABLE interviews ADD COLUMN evaluation_status TEXT;
ALTER TABLE interviews ADD COLUMN evaluation_locked_until TIMESTAMP;
ALTER TABLE interviews ADD COLUMN evaluation_attempts INTEGER NOT NULL DEFAULT 0;
-- The evaluation as JSON (scores, evidence, dimensions, summary, caps).
ALTER TABLE interviews ADD COLUMN evaluation TEXT;

CREATE TABLE interview_turns (
    id TEXT PRIMARY KEY NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('greeting', 'main', 'follow_up', 'closing')),
    main_number INTEGER NOT NULL,
    follow_up_index INTEGER NOT NULL,
    -- NULL until generated; a generating request holds a lease meanwhile.
    question_text TEXT,
    generating_until TIMESTAMP,
    provider TEXT,
    fallback_reason TEXT,
    first_token_ms INTEGER,
    generation_ms INTEGER,
    asked_at TIMESTAMP,
    answer_text TEXT,
    answer_source TEXT,
    answered_at TIMESTAMP,
    answer_duration_ms INTEGER,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX interview_turns_seq_key ON interview_turns (interview_id, seq);

CREATE TABLE interview_events (
    id TEXT PRIMARY KEY NOT NULL,
    interview_id TEXT NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    client_at TEXT,
    detail TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX interview_events_interview_idx ON interview_events (interview_id, created_at);
CREATE INDEX interviews_evaluation_idx ON interviews (evaluation_status);
