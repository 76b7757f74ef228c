ALTER TABLE interviews ADD COLUMN evaluation_status TEXT;
ALTER TABLE interviews ADD COLUMN evaluation TEXT;
UPDATE interviews SET
    evaluation_status = (SELECT status FROM interview_evaluations e WHERE e.interview_id = interviews.id),
    evaluation = (SELECT result FROM interview_evaluations e WHERE e.interview_id = interviews.id);
CREATE INDEX interviews_evaluation_idx ON interviews (evaluation_status);
DROP TABLE interview_evaluations;
