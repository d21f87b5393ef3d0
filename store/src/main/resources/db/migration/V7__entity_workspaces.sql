-- Workspaces partition the configuration (Kong's ws_id on every workspaceable entity). Rows that
-- exist belong to the default workspace (its fixed id, V5). Unique values become unique per
-- workspace: entity_unique gets a scope column (a workspace id, or '*' for Kong's
-- unique_across_ws fields such as an SNI's name) and its unique key includes it. SQLite cannot
-- change a table's constraints, so entity_unique is rebuilt. Portable SQL: SQLite and PostgreSQL.
ALTER TABLE entities ADD COLUMN ws_id TEXT NOT NULL DEFAULT '00000000-0000-4000-8000-00000000d3fa';
CREATE INDEX entities_ws ON entities (table_name, ws_id, id);

CREATE TABLE entity_unique_scoped (
  table_name TEXT NOT NULL,
  scope      TEXT NOT NULL,
  field      TEXT NOT NULL,
  value      TEXT NOT NULL,
  id         TEXT NOT NULL,
  UNIQUE (table_name, scope, field, value)
);
INSERT INTO entity_unique_scoped (table_name, scope, field, value, id)
SELECT table_name, CASE WHEN (table_name = 'snis' AND field = 'name') OR (table_name = 'vaults' AND field = 'prefix')
  THEN '*' ELSE '00000000-0000-4000-8000-00000000d3fa' END, field, value, id FROM entity_unique;
DROP TABLE entity_unique;
ALTER TABLE entity_unique_scoped RENAME TO entity_unique;
CREATE INDEX entity_unique_owner ON entity_unique (table_name, id);
