-- The developer portal (docs/portal.md): API products, developer accounts, their applications and
-- the applications' subscriptions to products. None of it is proxy configuration: these rows never
-- bump config_version and never reach a snapshot or kong.yml. What the proxy enforces (consumers,
-- key-auth credentials, ACL groups, rate-limiting plugins) is written as ordinary Kong entities.
-- Portable SQL: SQLite and PostgreSQL run this file. Booleans are INTEGER 0/1, times epoch seconds;
-- lists and plans are JSON text.

CREATE TABLE portal_products (
  id           TEXT    NOT NULL PRIMARY KEY,
  name         TEXT    NOT NULL UNIQUE,
  description  TEXT,
  version      TEXT,
  service_ids  TEXT    NOT NULL,
  route_ids    TEXT    NOT NULL,
  openapi      TEXT,
  plans        TEXT    NOT NULL,
  auto_approve INTEGER NOT NULL,
  created_at   BIGINT  NOT NULL,
  updated_at   BIGINT  NOT NULL
);

-- password_hash is an Argon2id PHC string (never the password); status is pending, approved or rejected.
CREATE TABLE portal_developers (
  id            TEXT   NOT NULL PRIMARY KEY,
  email         TEXT   NOT NULL UNIQUE,
  password_hash TEXT   NOT NULL,
  status        TEXT   NOT NULL,
  created_at    BIGINT NOT NULL,
  updated_at    BIGINT NOT NULL
);

-- consumer_id is the Kong consumer created for the application (its key-auth credential is the app's key).
CREATE TABLE portal_applications (
  id           TEXT   NOT NULL PRIMARY KEY,
  developer_id TEXT   NOT NULL,
  name         TEXT   NOT NULL,
  consumer_id  TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  updated_at   BIGINT NOT NULL,
  UNIQUE (developer_id, name)
);
CREATE INDEX portal_applications_developer ON portal_applications (developer_id);

-- status is requested, approved, rejected or revoked; decided_at is when it last changed by a decision (0: never).
CREATE TABLE portal_subscriptions (
  id             TEXT   NOT NULL PRIMARY KEY,
  application_id TEXT   NOT NULL,
  product_id     TEXT   NOT NULL,
  plan           TEXT   NOT NULL,
  status         TEXT   NOT NULL,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL,
  decided_at     BIGINT NOT NULL,
  UNIQUE (application_id, product_id)
);
CREATE INDEX portal_subscriptions_product ON portal_subscriptions (product_id);
