-- Extensions used by search (pg_trgm); PGlite loads them in server/db/client.ts.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
