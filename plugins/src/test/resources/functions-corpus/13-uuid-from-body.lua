-- source: blog-xibuka
-- request: POST /
-- header: Content-Type: application/json
-- body: {"uuid":"123e4567-e89b-12d3-a456-426614174000","x":1}
-- expect-status: 200
-- expect-upstream: /headers/x-uuid = 123e4567-e89b-12d3-a456-426614174000
local cjson = require "cjson.safe"
local body = kong.request.get_raw_body()
if body then
  local json = cjson.decode(body)
  if json and json.uuid then
    kong.service.request.set_header("x-uuid", json.uuid)
    kong.log.info("uuid found: ", json.uuid)
  else
    kong.log.warn("uuid not found")
  end
end
