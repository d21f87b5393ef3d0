-- source: pdk-response-raw-body
-- phase: body_filter
-- request: GET /
-- expect-status: 200
-- expect-body: {"wrapped":true}
local body = kong.response.get_raw_body()
if body then
  kong.response.set_raw_body('{"wrapped":true}')
end
