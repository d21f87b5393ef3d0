-- source: community-required-param
-- request: GET /?foo=bar
-- expect-status: 400
-- expect-body: {"message":"missing required query parameter 'tenant'"}
local args = kong.request.get_query()
if not args.tenant then
  return kong.response.exit(400, { message = "missing required query parameter 'tenant'" })
end
