-- source: community-trailing-slash
-- request: GET /docs/
-- expect-status: 301
-- expect-header: Location: /c39/docs
local uri = ngx.var.uri
if uri ~= "/" and uri:sub(-1) == "/" then
  return kong.response.exit(301, nil, { Location = uri:sub(1, -2) })
end
