-- source: kong-spec mock_fn_ten
-- request: GET /?a=1&b=2
-- expect-status: 200
-- expect-upstream: /uri = /
ngx.var.args = nil
