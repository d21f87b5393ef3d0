// twin: 22-header-filter-add.lua
// phase: header_filter
// request: GET /
// expect-status: 200
// expect-header: X-Response-Header: this is on the response
kong.response.set_header("X-Response-Header", "this is on the response");
