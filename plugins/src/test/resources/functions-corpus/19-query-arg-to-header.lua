-- source: community-query-to-header
-- request: GET /?api_key=abc123
-- expect-status: 200
-- expect-upstream: /headers/apikey = abc123
local key = kong.request.get_query_arg("api_key")
if key then
  kong.service.request.set_header("apikey", key)
end
