-- source: community-ua-block
-- request: GET /
-- header: User-Agent: BadBot/1.0
-- expect-status: 403
local ua = kong.request.get_header("user-agent") or ""
if ngx.re.find(ua, "badbot", "ijo") then
  return kong.response.exit(403)
end
