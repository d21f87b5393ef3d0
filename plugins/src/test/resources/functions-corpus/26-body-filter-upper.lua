-- source: openresty-body-filter
-- phase: body_filter
-- request: GET /
-- expect-status: 200
-- expect-body-contains: "METHOD":"GET"
local chunk = ngx.arg[1]
if chunk then
  ngx.arg[1] = string.upper(chunk)
end
