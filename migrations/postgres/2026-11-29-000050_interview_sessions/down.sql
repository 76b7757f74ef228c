ALTER TABLE interviews ADD COLUMN started_at TIMESTAMP;
ALTER TABLE interviews ADD COLUMN consent_at TIMESTAMP;
ALTER TABLE interviews ADD COLUMN deadline_at TIMESTAMP;
ALTER TABLE interviews ADD COLUMN completed_at TIMESTAMP;
ALTER TABLE interviews ADD COLUMN end_reason TEXT;
ALTER TABLE interviews ADD COLUMN integrity_events_total INTEGER NOT NULL DEFAULT 0;
UPDATE interviews SET
    started_at = (SELECT started_at FROM interview_sessions s WHERE s.interview_id = interviews.id),
    consent_at = (SELECT consent_at FROM interview_sessions s WHERE s.interview_id = interviews.id),
    deadline_at = (SELECT deadline_at FROM interview_sessions s WHERE s.interview_id = interviews.id),
    completed_at = (SELECT completed_at FROM interview_sessions s WHERE s.interview_id = interviews.id),
    end_reason = (SELECT end_reason FROM interview_sessions s WHERE s.interview_id = interviews.id),
    integrity_events_total = COALESCE(
        (SELECT integrity_events_total FROM interview_sessions s WHERE s.interview_id = interviews.id), 0);
DROP TABLE interview_sessions;
