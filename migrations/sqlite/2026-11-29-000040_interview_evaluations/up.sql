-- An interview's evaluation gets its own row, created when the interview ends (queued for the
-- evaluate_interview job) and holding the result once ready. The interview row keeps only
-- what the interview itself is.
CREATE TABLE interview_evaluations (
    interview_id TEXT PRIMARY KEY NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    -- The evaluation as JSON (scores, evidence, dimensions, summary, caps) once ready.
    result TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX interview_evaluations_status_idx ON interview_evaluations (status);

INSERT INTO interview_evaluations (interview_id, status, result, created_at, updated_at)
SELECT id, evaluation_status, evaluation, COALESCE(completed_at, updated_at), updated_at
FROM interviews WHERE evaluation_status IS NOT NULL;

DROP INDEX interviews_evaluation_idx;
ALTER TABLE interviews DROP COLUMN evaluation_status;
ALTER TABLE interviews DROP COLUMN evaluation;
