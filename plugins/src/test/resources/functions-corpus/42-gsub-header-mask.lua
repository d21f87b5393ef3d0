-- source: community-mask
-- request: GET /
-- header: X-Card: 4111111111111111
-- expect-status: 200
-- expect-upstream: /headers/x-card = ************1111
local card = kong.request.get_header("X-Card")
if card then
  local masked = ngx.re.gsub(card, "[0-9](?=[0-9]{4})", "*")
  if not masked then
    masked = string.rep("*", #card - 4) .. card:sub(-4)
  end
  kong.service.request.set_header("X-Card", masked)
end
