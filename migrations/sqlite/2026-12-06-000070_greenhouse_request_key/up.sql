-- Greenhouse retries send_test; the order it asked for is recognised by Greenhouse's own ids
-- (its callback URL, else the candidate's Greenhouse profile or email for that test), so a
-- retry returns the same interview instead of scheduling a second. Orders placed before this
-- migration keep a key of their own interview: only new orders are matched.
ALTER TABLE greenhouse_orders ADD COLUMN request_key TEXT NOT NULL DEFAULT '';
UPDATE greenhouse_orders SET request_key = 'interview:' || interview_id;
CREATE UNIQUE INDEX greenhouse_orders_request_key_idx ON greenhouse_orders (organization_id, request_key);
