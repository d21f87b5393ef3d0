// twin: 20-rewrite-path.lua
// request: GET /v1/users/42
// expect-status: 200
// expect-upstream: /uri = /api/users/42
const match = kong.request.get_path().match(/\/v1(\/.*)$/);
if (match) {
  kong.service.request.set_path("/api" + match[1]);
}
