ALTER TABLE interviews DROP COLUMN language;
ALTER TABLE interviews DROP COLUMN time_limit_minutes;
ALTER TABLE interviews DROP COLUMN question_count;
