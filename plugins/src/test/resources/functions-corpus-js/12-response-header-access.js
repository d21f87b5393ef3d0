// twin: 12-response-header-access.lua
// request: GET /
// expect-status: 200
// expect-header: X-Test-Header: this is it
kong.response.set_header("X-Test-Header", "this is it");
