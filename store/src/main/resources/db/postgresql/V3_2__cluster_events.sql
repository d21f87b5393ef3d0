-- Kong's cluster_events: short messages one node broadcasts to the others (e.g. the log level set
-- through /debug/cluster/log-level). Nodes read the rows past the last id they saw, on each change
-- notification and each db_update_frequency poll; a broadcast takes an advisory lock so ids are
-- committed in order. Rows older than an hour are deleted by later broadcasts. at: epoch millis.
CREATE TABLE cluster_events (
  id      BIGSERIAL PRIMARY KEY,
  node_id TEXT   NOT NULL,
  at      BIGINT NOT NULL,
  channel TEXT   NOT NULL,
  data    TEXT   NOT NULL
);
CREATE INDEX cluster_events_at ON cluster_events (at);
