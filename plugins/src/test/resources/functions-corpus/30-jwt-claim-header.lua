-- source: community-jwt-claim
-- request: GET /
-- header: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIn0.sig
-- expect-status: 200
-- expect-upstream: /headers/x-user-id = user-42
local cjson = require "cjson"
local auth = kong.request.get_header("Authorization")
if auth then
  local payload = auth:match("^Bearer%s+[^.]+%.([^.]+)%.")
  if payload then
    payload = payload:gsub("-", "+"):gsub("_", "/")
    local pad = #payload % 4
    if pad > 0 then payload = payload .. string.rep("=", 4 - pad) end
    local claims = cjson.decode(ngx.decode_base64(payload))
    kong.service.request.set_header("X-User-Id", claims.sub)
  end
end
