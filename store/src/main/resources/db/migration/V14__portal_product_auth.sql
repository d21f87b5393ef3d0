-- Issue 20: how a product's APIs are called: 'key-auth' (the portal writes key-auth, as before) or
-- 'oauth2' (the portal writes the oauth2 plugin with client credentials; docs/portal.md).
ALTER TABLE portal_products ADD COLUMN auth TEXT NOT NULL DEFAULT 'key-auth';
