DROP TABLE greenhouse_orders;
DROP TABLE api_keys;
