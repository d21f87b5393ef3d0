-- source: openresty-ngx-header
-- phase: header_filter
-- request: GET /
-- expect-status: 200
-- expect-header: X-Frame-Options: DENY
ngx.header["X-Frame-Options"] = "DENY"
ngx.header["X-Content-Type-Options"] = "nosniff"
