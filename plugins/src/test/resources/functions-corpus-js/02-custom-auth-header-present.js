// twin: 02-custom-auth-header-present.lua
// request: GET /test
// header: x-custom-auth: letmein
// expect-status: 200
// expect-upstream: /headers/x-custom-auth = <absent>
const customAuth = kong.request.get_header("x-custom-auth");
if (!customAuth) {
  return kong.response.exit(401, "Invalid Credentials");
}
kong.service.request.clear_header("x-custom-auth");
