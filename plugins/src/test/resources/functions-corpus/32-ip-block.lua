-- source: community-ip-block
-- request: GET /
-- expect-status: 403
-- expect-body: {"message":"Your IP address is not allowed"}
local blocked = { ["127.0.0.1"] = true }
if blocked[kong.client.get_ip()] then
  return kong.response.exit(403, { message = "Your IP address is not allowed" })
end
