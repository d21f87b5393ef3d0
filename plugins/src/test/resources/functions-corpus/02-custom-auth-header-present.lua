-- source: docs-howto
-- request: GET /test
-- header: x-custom-auth: letmein
-- expect-status: 200
-- expect-upstream: /headers/x-custom-auth = <absent>
local custom_auth = kong.request.get_header("x-custom-auth")
if not custom_auth then
  return kong.response.exit(401, "Invalid Credentials")
end
kong.service.request.clear_header('x-custom-auth')
