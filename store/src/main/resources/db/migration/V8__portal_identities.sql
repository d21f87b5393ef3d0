-- Developer accounts opened through an OpenID provider (docs/portal.md, "Logging in with OpenID
-- Connect"): the provider's issuer and subject name the account, never the e-mail address, which
-- the provider may let its users change. Portable SQL (SQLite and PostgreSQL).
CREATE TABLE portal_developer_identities (
  issuer       TEXT   NOT NULL,
  subject      TEXT   NOT NULL,
  developer_id TEXT   NOT NULL,
  created_at   BIGINT NOT NULL,
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX portal_developer_identities_developer ON portal_developer_identities (developer_id);
