-- PostgreSQL only. Kong pages in primary-key order and Gatehouse's offset tokens resume "after the
-- last id", comparing strings byte by byte (SQLite's default BINARY collation). A database created
-- with a linguistic locale (en_US.UTF-8, ICU) orders 'B'/'a' or '-' differently, so pages would skip
-- or repeat rows. COLLATE "C" makes every key column compare bytewise, whatever the database's
-- locale. It cannot live in the shared V1: SQLite has no collation named "C". Numbered 1.1 so it
-- runs right after V1 and before any later shared migration.
ALTER TABLE entities
  ALTER COLUMN table_name TYPE TEXT COLLATE "C",
  ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE entity_unique
  ALTER COLUMN table_name TYPE TEXT COLLATE "C",
  ALTER COLUMN field TYPE TEXT COLLATE "C",
  ALTER COLUMN value TYPE TEXT COLLATE "C",
  ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE entity_refs
  ALTER COLUMN table_name TYPE TEXT COLLATE "C",
  ALTER COLUMN id TYPE TEXT COLLATE "C",
  ALTER COLUMN field TYPE TEXT COLLATE "C",
  ALTER COLUMN parent_table TYPE TEXT COLLATE "C",
  ALTER COLUMN parent_id TYPE TEXT COLLATE "C";
ALTER TABLE entity_tags
  ALTER COLUMN table_name TYPE TEXT COLLATE "C",
  ALTER COLUMN id TYPE TEXT COLLATE "C",
  ALTER COLUMN tag TYPE TEXT COLLATE "C";
