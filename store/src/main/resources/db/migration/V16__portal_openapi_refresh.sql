-- A product's openapi_url is fetched again on a schedule (portal_openapi_refresh_interval,
-- docs/portal.md). openapi_checked_at is the last attempt (epoch seconds; a node claims a due product
-- by moving it, so nodes on one database do not all fetch it), openapi_fetch_error why the last
-- attempt failed (null: it did not). Existing rows count their last fetch as their last attempt.
ALTER TABLE portal_products ADD COLUMN openapi_checked_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE portal_products ADD COLUMN openapi_fetch_error TEXT;
UPDATE portal_products SET openapi_checked_at = openapi_fetched_at;
