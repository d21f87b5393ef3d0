// twin: 28-ctx-shared.lua
// request: GET /
// expect-status: 200
// expect-upstream: /headers/x-shared = hello-from-ctx
kong.ctx.shared.greeting = "hello-from-ctx";
kong.service.request.set_header("X-Shared", kong.ctx.shared.greeting);
