-- Integrity events received per interview: the first 500 are stored as rows, the rest are
-- only counted here, so a client cannot grow the table (or the report) without bound.
ALTER TABLE interviews ADD COLUMN integrity_events_total INTEGER NOT NULL DEFAULT 0;
UPDATE interviews SET integrity_events_total = (
    SELECT COUNT(*) FROM interview_events WHERE interview_events.interview_id = interviews.id
);
