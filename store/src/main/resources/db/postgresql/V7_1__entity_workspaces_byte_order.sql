-- PostgreSQL only: the bytewise key order of V1_1 for the columns V7 added or rebuilt.
ALTER TABLE entities
  ALTER COLUMN ws_id TYPE TEXT COLLATE "C";
ALTER TABLE entity_unique
  ALTER COLUMN table_name TYPE TEXT COLLATE "C",
  ALTER COLUMN scope TYPE TEXT COLLATE "C",
  ALTER COLUMN field TYPE TEXT COLLATE "C",
  ALTER COLUMN value TYPE TEXT COLLATE "C",
  ALTER COLUMN id TYPE TEXT COLLATE "C";
