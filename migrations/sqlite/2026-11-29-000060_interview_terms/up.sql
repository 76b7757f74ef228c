-- The terms an interview was scheduled on (how many main questions, how long, in which
-- language) are its own: editing the job afterwards changes only interviews scheduled later,
-- never one already sent or in progress.
ALTER TABLE interviews ADD COLUMN question_count INTEGER NOT NULL DEFAULT 8;
ALTER TABLE interviews ADD COLUMN time_limit_minutes INTEGER NOT NULL DEFAULT 30;
ALTER TABLE interviews ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
UPDATE interviews SET
    question_count = (SELECT question_count FROM jobs WHERE jobs.id = interviews.job_id),
    time_limit_minutes = (SELECT time_limit_minutes FROM jobs WHERE jobs.id = interviews.job_id),
    language = (SELECT language FROM jobs WHERE jobs.id = interviews.job_id);
