-- Gatehouse config store, generic over entity tables (TableSpec): one row per entity plus index
-- rows for what the store enforces (uniques, foreign keys, tags). Portable SQL only: SQLite and
-- PostgreSQL run this same file, so TEXT/BIGINT/INTEGER and plain indexes, nothing engine-specific.

-- body is the entity's JSON; expires_at is epoch milliseconds for rows written with a ttl.
CREATE TABLE entities (
  table_name TEXT NOT NULL,
  id         TEXT NOT NULL,
  body       TEXT NOT NULL,
  expires_at BIGINT,
  PRIMARY KEY (table_name, id)
);
CREATE INDEX entities_expires_at ON entities (expires_at);

-- field is a unique field name, or a composite's field names joined by ',' whose value is the
-- canonical JSON array of the tuple (foreign keys as their id, null included).
CREATE TABLE entity_unique (
  table_name TEXT NOT NULL,
  field      TEXT NOT NULL,
  value      TEXT NOT NULL,
  id         TEXT NOT NULL,
  UNIQUE (table_name, field, value)
);
CREATE INDEX entity_unique_owner ON entity_unique (table_name, id);

CREATE TABLE entity_refs (
  table_name   TEXT NOT NULL,
  id           TEXT NOT NULL,
  field        TEXT NOT NULL,
  parent_table TEXT NOT NULL,
  parent_id    TEXT NOT NULL,
  PRIMARY KEY (table_name, id, field)
);
CREATE INDEX entity_refs_parent ON entity_refs (parent_table, parent_id);

CREATE TABLE entity_tags (
  table_name TEXT NOT NULL,
  id         TEXT NOT NULL,
  tag        TEXT NOT NULL,
  PRIMARY KEY (table_name, id, tag)
);
CREATE INDEX entity_tags_tag ON entity_tags (tag, table_name, id);

-- one row (id = 1); bumped once per write transaction
CREATE TABLE config_version (
  id      INTEGER NOT NULL PRIMARY KEY,
  version BIGINT  NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 0);
