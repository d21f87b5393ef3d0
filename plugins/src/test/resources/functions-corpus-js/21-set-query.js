// twin: 21-set-query.lua
// request: GET /?a=1
// expect-status: 200
// expect-upstream: /uri = /?version=2
kong.service.request.set_query({ version: "2" });
