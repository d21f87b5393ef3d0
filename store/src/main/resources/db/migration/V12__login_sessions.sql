-- Login sessions of the Manager (admin_gui_auth = basic-auth) and the developer portal, shared by the
-- nodes on one database and kept across restarts (docs/rbac.md, docs/portal.md). Portable SQL
-- (SQLite and PostgreSQL run this file). token_hash is the SHA-256 of the cookie's token, never the
-- token: a copy of the table yields no live cookie. kind is the cookie's name (admin_session,
-- portal_session, or admin_gui_session_conf's cookie_name); expires_at is epoch millis.
CREATE TABLE login_sessions (
  token_hash TEXT   NOT NULL PRIMARY KEY,
  kind       TEXT   NOT NULL,
  subject    TEXT   NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX login_sessions_subject ON login_sessions (kind, subject);
CREATE INDEX login_sessions_expires ON login_sessions (expires_at);
