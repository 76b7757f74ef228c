-- An interview's session (what happened once the candidate started) gets its own row, created
-- at the start. The interview row keeps what the recruiter scheduled and its status.
CREATE TABLE interview_sessions (
    interview_id TEXT PRIMARY KEY NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    started_at TIMESTAMP NOT NULL,
    consent_at TIMESTAMP NOT NULL,
    -- started_at + the time limit: the server's clock decides when time is up.
    deadline_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    end_reason TEXT,
    -- Integrity events received (stored or only counted past the cap).
    integrity_events_total INTEGER NOT NULL DEFAULT 0 CHECK (integrity_events_total >= 0),
    updated_at TIMESTAMP NOT NULL
);
-- The overdue-session sweep looks for sessions past their deadline that have not ended.
CREATE INDEX interview_sessions_open_deadline_idx ON interview_sessions (deadline_at)
    WHERE completed_at IS NULL;

-- Every interview that ever started (or, in data older than the start fields, ended) keeps its
-- session; missing start fields fall back to the nearest recorded time.
INSERT INTO interview_sessions (interview_id, started_at, consent_at, deadline_at, completed_at,
    end_reason, integrity_events_total, updated_at)
SELECT id,
    COALESCE(started_at, consent_at, completed_at),
    COALESCE(consent_at, started_at, completed_at),
    COALESCE(deadline_at, completed_at, started_at),
    completed_at, end_reason, integrity_events_total, updated_at
FROM interviews WHERE started_at IS NOT NULL OR completed_at IS NOT NULL;

ALTER TABLE interviews DROP COLUMN started_at;
ALTER TABLE interviews DROP COLUMN consent_at;
ALTER TABLE interviews DROP COLUMN deadline_at;
ALTER TABLE interviews DROP COLUMN completed_at;
ALTER TABLE interviews DROP COLUMN end_reason;
ALTER TABLE interviews DROP COLUMN integrity_events_total;
