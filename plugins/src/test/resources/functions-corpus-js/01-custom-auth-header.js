// twin: 01-custom-auth-header.lua
// request: GET /test
// expect-status: 401
// expect-body: Invalid Credentials
const customAuth = kong.request.get_header("x-custom-auth");
// Terminate the request early if the custom authentication header is missing
if (!customAuth) {
  return kong.response.exit(401, "Invalid Credentials");
}
kong.service.request.clear_header("x-custom-auth");
