-- OpenID logins of the developer portal between the redirect to the provider and its callback
-- (docs/portal.md), so a restart in between does not lose them and any node on one database
-- finishes them. Portable SQL (SQLite and PostgreSQL run this file). state_hash is the SHA-256 of
-- the login's state, never the state; login is the rest as a JSON object (workspace, a fingerprint
-- of the provider's configuration, nonce, PKCE verifier, the hash of the browser's binding cookie,
-- redirect_uri, return_to). A row is deleted when its callback comes (used once) or swept once
-- expires_at (epoch millis) has passed.
CREATE TABLE oidc_logins (
  state_hash TEXT   NOT NULL PRIMARY KEY,
  login      TEXT   NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX oidc_logins_expires ON oidc_logins (expires_at);
