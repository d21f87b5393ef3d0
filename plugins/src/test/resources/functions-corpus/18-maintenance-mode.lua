-- source: blog-xibuka-maintenance
-- request: GET /
-- expect-status: 503
-- expect-header: Retry-After: 3600
-- expect-body: {"message":"Service under maintenance"}
local maintenance = true
if maintenance then
  return kong.response.exit(503, { message = "Service under maintenance" }, { ["Retry-After"] = "3600" })
end
