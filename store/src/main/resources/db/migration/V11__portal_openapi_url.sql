-- Issue 20: a product's OpenAPI document may be fetched from a URL (or a path on its service) instead
-- of given as text (docs/portal.md). openapi keeps the last document fetched; openapi_fetched_at is
-- when (epoch seconds, 0: never fetched). V9, not V8: V8 is left to the portal's session work.
ALTER TABLE portal_products ADD COLUMN openapi_url TEXT;
ALTER TABLE portal_products ADD COLUMN openapi_fetched_at BIGINT NOT NULL DEFAULT 0;
