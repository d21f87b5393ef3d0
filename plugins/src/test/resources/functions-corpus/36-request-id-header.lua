-- source: community-request-id
-- request: GET /
-- expect-status: 200
-- expect-upstream: /headers/x-trace = trace-<nonempty>
local id = ngx.var.request_id
kong.service.request.set_header("X-Trace", "trace-" .. id)
