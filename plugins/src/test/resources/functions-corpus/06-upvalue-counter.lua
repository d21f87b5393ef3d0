-- source: kong-spec mock_fn_six
-- request: GET /
-- expect-status: 200
-- expect-body-matches: [0-9]+\n
local count = 0
ngx.log(ngx.ERR, "mock_fn_six: initialization ran")
return function()
    ngx.log(ngx.ERR, "mock_fn_six: function ran")
    count = count + 1
    ngx.status = 200
    ngx.say(ngx.worker.pid() * 1000 + count)
    ngx.exit(ngx.status)
  end
