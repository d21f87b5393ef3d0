-- The signature of an audit request record (audit_log_signing_key), stored with it so that
-- GET /audit/requests lists it as Kong Enterprise does; null when no key is set.
-- Portable SQL: SQLite and PostgreSQL run this file.
ALTER TABLE audit_requests ADD COLUMN signature TEXT;
