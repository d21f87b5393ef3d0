-- Rows a plugin writes at run time that are not configuration: oauth2 tokens and authorization
-- codes, session data (Kong keeps these in plugin DAOs such as oauth2_tokens and sessions). They
-- never bump config_version and never reach a snapshot. One row per (namespace, record_key): the
-- namespace is chosen by the plugin (oauth2_tokens, sessions), the value is the plugin's own text
-- (JSON). expires_at is epoch milliseconds (9223372036854775807 for never); expired rows are
-- ignored on read and swept. Portable SQL: SQLite and PostgreSQL run this file.
CREATE TABLE plugin_records (
  namespace  TEXT   NOT NULL,
  record_key TEXT   NOT NULL,
  value      TEXT   NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (namespace, record_key)
);
CREATE INDEX plugin_records_expires_at ON plugin_records (expires_at);
