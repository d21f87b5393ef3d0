-- source: kong-spec mock_fn_eight
-- request: POST /
-- body: 9
-- expect-status: 200
-- expect-body: 10\n
return function()
  ngx.req.read_body()
  local count = tonumber(ngx.req.get_body_data())
  count = count + 1
  ngx.status = 200
  ngx.say(count)
  ngx.exit(ngx.status)
end
