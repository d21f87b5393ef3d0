-- Admin API authentication and RBAC (Kong Enterprise's rbac_* entities) and the Admin API request
-- audit log (Kong Enterprise's audit_requests). None of it is proxy configuration: these rows never
-- bump config_version and never reach a snapshot. Every row carries ws_id, the workspace it belongs
-- to; until workspaces exist that is always the default workspace's id.
-- Portable SQL: SQLite and PostgreSQL run this file. Booleans are INTEGER 0/1, times epoch seconds.

-- user_token is a PBKDF2 hash (never the token); user_token_ident is a short digest prefix of the
-- token that finds the candidate rows without hashing against every user.
CREATE TABLE rbac_users (
  id               TEXT    NOT NULL PRIMARY KEY,
  ws_id            TEXT    NOT NULL,
  name             TEXT    NOT NULL,
  user_token       TEXT    NOT NULL,
  user_token_ident TEXT    NOT NULL,
  comment          TEXT,
  enabled          INTEGER NOT NULL,
  created_at       BIGINT  NOT NULL,
  updated_at       BIGINT  NOT NULL,
  UNIQUE (ws_id, name)
);
CREATE INDEX rbac_users_ident ON rbac_users (user_token_ident);

CREATE TABLE rbac_roles (
  id         TEXT    NOT NULL PRIMARY KEY,
  ws_id      TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  comment    TEXT,
  is_default INTEGER NOT NULL,
  created_at BIGINT  NOT NULL,
  updated_at BIGINT  NOT NULL,
  UNIQUE (ws_id, name)
);

CREATE TABLE rbac_user_roles (
  user_id TEXT NOT NULL,
  role_id TEXT NOT NULL,
  PRIMARY KEY (user_id, role_id)
);
CREATE INDEX rbac_user_roles_role ON rbac_user_roles (role_id);

-- actions is Kong's bit field: read 1, create 2, update 4, delete 8. workspace is a workspace name
-- or '*' (any workspace), as in Kong.
CREATE TABLE rbac_role_endpoints (
  role_id    TEXT    NOT NULL,
  workspace  TEXT    NOT NULL,
  endpoint   TEXT    NOT NULL,
  actions    INTEGER NOT NULL,
  negative   INTEGER NOT NULL,
  comment    TEXT,
  created_at BIGINT  NOT NULL,
  updated_at BIGINT  NOT NULL,
  PRIMARY KEY (role_id, workspace, endpoint)
);

CREATE TABLE rbac_role_entities (
  role_id     TEXT    NOT NULL,
  entity_id   TEXT    NOT NULL,
  entity_type TEXT    NOT NULL,
  actions     INTEGER NOT NULL,
  negative    INTEGER NOT NULL,
  comment     TEXT,
  created_at  BIGINT  NOT NULL,
  updated_at  BIGINT  NOT NULL,
  PRIMARY KEY (role_id, entity_id)
);

-- One row per audited Admin API request. before_digest/after_digest are SHA-256 (hex) of the
-- resource's JSON before and after the write; expire is epoch seconds after which the row is swept.
CREATE TABLE audit_requests (
  request_id        TEXT    NOT NULL PRIMARY KEY,
  ws_id             TEXT    NOT NULL,
  client_ip         TEXT    NOT NULL,
  method            TEXT    NOT NULL,
  path              TEXT    NOT NULL,
  status            INTEGER NOT NULL,
  rbac_user_id      TEXT,
  rbac_user_name    TEXT,
  request_timestamp BIGINT  NOT NULL,
  before_digest     TEXT,
  after_digest      TEXT,
  expire            BIGINT  NOT NULL
);
CREATE INDEX audit_requests_timestamp ON audit_requests (request_timestamp);
CREATE INDEX audit_requests_expire ON audit_requests (expire);
