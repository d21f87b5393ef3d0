-- source: community-body-validate
-- plugin: post-function
-- request: POST /
-- header: Content-Type: application/json
-- body: {"name":""}
-- expect-status: 422
-- expect-body: {"error":"name is required"}
local body, err = kong.request.get_body()
if not body or not body.name or body.name == "" then
  return kong.response.exit(422, { error = "name is required" })
end
