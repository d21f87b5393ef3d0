-- source: gh-pewsheen
-- request: GET /
-- expect-status: 200
-- expect-upstream: /headers/x-hello-header = world!
local req_set_header = ngx.req.set_header
ngx.log(ngx.ERR, "=====> ADDHEADER")
req_set_header("X-hello-header", "world!")
ngx.log(ngx.ERR, "<===== ADDHEADER")
