// twin: 29-ctx-plugin-to-header-filter.lua
// phase: header_filter
// request: GET /
// expect-status: 200
// expect-header: X-Seen-Path: 9
kong.response.set_header("X-Seen-Path", kong.request.get_path().slice(-1));
