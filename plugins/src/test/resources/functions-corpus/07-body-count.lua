-- source: kong-spec mock_fn_seven
-- request: POST /
-- body: 41
-- expect-status: 200
-- expect-body: 42\n
ngx.req.read_body()

local count = tonumber(ngx.req.get_body_data())
count = count + 1

ngx.status = 200
ngx.say(count)
ngx.exit(ngx.status)
