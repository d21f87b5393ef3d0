-- source: community-options-shortcut
-- request: OPTIONS /
-- expect-status: 204
-- expect-header: Access-Control-Allow-Origin: *
if kong.request.get_method() == "OPTIONS" then
  return kong.response.exit(204, nil, {
    ["Access-Control-Allow-Origin"] = "*",
    ["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS",
  })
end
