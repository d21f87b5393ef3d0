-- The developer portal per workspace, and accounts opened through an OpenID provider (docs/portal.md).
-- Portable SQL (SQLite and PostgreSQL run this file). Every portal row belongs to one workspace
-- (ws_id; rows from before this migration to the default workspace); product names and e-mail
-- addresses are unique per workspace, so products and developers are rebuilt (SQLite cannot drop a
-- UNIQUE constraint in place).

CREATE TABLE portal_products_v8 (
  id           TEXT    NOT NULL PRIMARY KEY,
  ws_id        TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  description  TEXT,
  version      TEXT,
  service_ids  TEXT    NOT NULL,
  route_ids    TEXT    NOT NULL,
  openapi      TEXT,
  plans        TEXT    NOT NULL,
  auto_approve INTEGER NOT NULL,
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL,
  UNIQUE (ws_id, name)
);
INSERT INTO portal_products_v8 (id, ws_id, name, description, version, service_ids, route_ids, openapi, plans,
    auto_approve, created_at, updated_at)
  SELECT id, '00000000-0000-4000-8000-00000000d3fa', name, description, version, service_ids, route_ids, openapi,
    plans, auto_approve, created_at, updated_at FROM portal_products;
DROP TABLE portal_products;
ALTER TABLE portal_products_v8 RENAME TO portal_products;

CREATE TABLE portal_developers_v8 (
  id            TEXT   NOT NULL PRIMARY KEY,
  ws_id         TEXT   NOT NULL,
  email         TEXT   NOT NULL,
  password_hash TEXT   NOT NULL,
  status        TEXT   NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL,
  UNIQUE (ws_id, email)
);
INSERT INTO portal_developers_v8 (id, ws_id, email, password_hash, status, created_at, updated_at)
  SELECT id, '00000000-0000-4000-8000-00000000d3fa', email, password_hash, status, created_at, updated_at
  FROM portal_developers;
DROP TABLE portal_developers;
ALTER TABLE portal_developers_v8 RENAME TO portal_developers;

ALTER TABLE portal_applications ADD COLUMN ws_id TEXT NOT NULL DEFAULT '00000000-0000-4000-8000-00000000d3fa';
ALTER TABLE portal_subscriptions ADD COLUMN ws_id TEXT NOT NULL DEFAULT '00000000-0000-4000-8000-00000000d3fa';

-- the provider's issuer and subject name an account, never the e-mail address (which the provider
-- may let its users change); one person may have an account in several workspaces' portals
CREATE TABLE portal_developer_identities (
  ws_id        TEXT   NOT NULL,
  issuer       TEXT   NOT NULL,
  subject      TEXT   NOT NULL,
  developer_id TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  PRIMARY KEY (ws_id, issuer, subject)
);
CREATE INDEX portal_developer_identities_developer ON portal_developer_identities (developer_id);
