-- PostgreSQL only, as V1_1: plugin records are listed page by page "after the last key", so the key
-- columns compare bytewise whatever the database's locale.
ALTER TABLE plugin_records
  ALTER COLUMN namespace TYPE TEXT COLLATE "C",
  ALTER COLUMN record_key TYPE TEXT COLLATE "C";
