-- source: community-hide-headers
-- phase: header_filter
-- request: GET /
-- expect-status: 200
-- expect-header-absent: Content-Type
kong.response.clear_header("Content-Type")
