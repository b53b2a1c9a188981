-- Readable customer codes (KH00000001…), unique under concurrency.
CREATE SEQUENCE IF NOT EXISTS customer_code_seq;
