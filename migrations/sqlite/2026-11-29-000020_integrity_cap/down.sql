ALTER TABLE interviews DROP COLUMN integrity_events_total;
