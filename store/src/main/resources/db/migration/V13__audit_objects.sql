-- Kong Enterprise's database audit (/audit/objects): one row per configuration entity that an audited
-- Admin API write created, updated or deleted, written in the same transaction as the entity, so a
-- rolled-back write leaves no row. entity is the row's JSON as stored (for a delete: as it was);
-- request_id ties the row to its audit_requests record; times are epoch seconds.
-- Portable SQL: SQLite and PostgreSQL run this file.
CREATE TABLE audit_objects (
  id                TEXT    NOT NULL PRIMARY KEY,
  request_id        TEXT    NOT NULL,
  ws_id             TEXT    NOT NULL,
  dao_name          TEXT    NOT NULL,
  entity_key        TEXT    NOT NULL,
  operation         TEXT    NOT NULL,
  entity            TEXT    NOT NULL,
  rbac_user_id      TEXT,
  rbac_user_name    TEXT,
  request_timestamp BIGINT  NOT NULL,
  expire            BIGINT  NOT NULL,
  signature         TEXT
);
CREATE INDEX audit_objects_timestamp ON audit_objects (request_timestamp);
CREATE INDEX audit_objects_expire ON audit_objects (expire);
CREATE INDEX audit_objects_request ON audit_objects (request_id);
