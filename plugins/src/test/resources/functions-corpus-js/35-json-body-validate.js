// twin: 35-json-body-validate.lua
// plugin: post-function
// request: POST /
// header: Content-Type: application/json
// body: {"name":""}
// expect-status: 422
// expect-body: {"error":"name is required"}
const body = kong.request.get_body();
if (!body || !body.name) {
  return kong.response.exit(422, { error: "name is required" });
}
