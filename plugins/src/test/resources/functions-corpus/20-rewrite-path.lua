-- source: community-path-rewrite
-- request: GET /v1/users/42
-- expect-status: 200
-- expect-upstream: /uri = /api/users/42
local path = kong.request.get_path()
local suffix = path:match("/v1(/.*)$")
if suffix then
  kong.service.request.set_path("/api" .. suffix)
end
