-- source: kong-spec mock_fn_one
-- request: GET /
-- expect-status: 503
ngx.status = 503
ngx.exit(ngx.status)
