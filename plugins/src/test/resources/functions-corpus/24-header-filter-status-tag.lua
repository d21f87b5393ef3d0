-- source: pdk-response
-- plugin: post-function
-- phase: header_filter
-- request: GET /
-- expect-status: 200
-- expect-header: X-Upstream-Status: 200
local status = kong.response.get_status()
kong.response.set_header("X-Upstream-Status", tostring(status))
