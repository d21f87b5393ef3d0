-- source: community-basic-decode
-- request: GET /
-- header: Authorization: Basic dXNlcjpwYXNz
-- expect-status: 200
-- expect-upstream: /headers/x-username = user
local header = kong.request.get_header("authorization")
local encoded = header and header:match("^Basic%s+(.+)$")
if encoded then
  local decoded = ngx.decode_base64(encoded)
  local user = decoded:match("^([^:]+):")
  kong.service.request.set_header("X-Username", user)
end
