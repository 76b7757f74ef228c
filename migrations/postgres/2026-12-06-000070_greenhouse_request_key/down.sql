DROP INDEX greenhouse_orders_request_key_idx;
ALTER TABLE greenhouse_orders DROP COLUMN request_key;
