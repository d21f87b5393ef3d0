-- source: kong-spec mock_fn_two
-- request: GET /
-- expect-status: 404
-- expect-body: Not Found\n
ngx.status = 404
ngx.say("Not Found")
ngx.exit(ngx.status)
