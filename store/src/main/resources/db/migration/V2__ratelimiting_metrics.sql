-- Counters shared by every node through the database (rate-limiting's policy = cluster, Kong's
-- ratelimiting_metrics). One row per counter key (the key names plugin, scope, identifier and window
-- start); expires_at is epoch milliseconds, after which the row is ignored and swept. Portable SQL:
-- SQLite and PostgreSQL run this file, and both accept the INSERT … ON CONFLICT upsert the store uses.
CREATE TABLE ratelimiting_metrics (
  counter_key TEXT   NOT NULL PRIMARY KEY,
  value       BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL
);
CREATE INDEX ratelimiting_metrics_expires_at ON ratelimiting_metrics (expires_at);
