-- source: community-host-header
-- request: GET /
-- expect-status: 200
-- expect-upstream: /headers/host = internal.example.test
kong.service.request.set_header("Host", "internal.example.test")
