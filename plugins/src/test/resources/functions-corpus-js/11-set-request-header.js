// twin: 11-set-request-header.lua
// plugin: post-function
// request: GET /
// expect-status: 200
// expect-upstream: /headers/x-request-header = this is on a request
kong.service.request.set_header("X-Request-Header", "this is on a request");
