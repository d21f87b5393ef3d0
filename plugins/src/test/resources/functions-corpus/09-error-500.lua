-- source: kong-spec mock_fn_nine
-- request: GET /
-- expect-status: 500
error("this should stop the request with a 500")
