-- Kong Enterprise's workspaces: id, name (unique), comment, config and meta (JSON objects, stored as
-- text), created_at and updated_at (epoch seconds). The default workspace always exists; its id is
-- the fixed one every rbac_* and audit_requests row already carries, so no existing row moves.
-- Portable SQL: SQLite and PostgreSQL run this file.
CREATE TABLE workspaces (
  id         TEXT   NOT NULL PRIMARY KEY,
  name       TEXT   NOT NULL UNIQUE,
  comment    TEXT,
  config     TEXT   NOT NULL,
  meta       TEXT   NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
INSERT INTO workspaces (id, name, comment, config, meta, created_at, updated_at)
VALUES ('00000000-0000-4000-8000-00000000d3fa', 'default', NULL, '{}', '{}', 0, 0);
