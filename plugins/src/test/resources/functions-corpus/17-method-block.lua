-- source: community-method-allowlist
-- request: DELETE /
-- expect-status: 405
-- expect-body: {"message":"Method DELETE not allowed"}
local method = kong.request.get_method()
if method ~= "GET" and method ~= "POST" then
  return kong.response.exit(405, { message = "Method " .. method .. " not allowed" })
end
