// twin: 17-method-block.lua
// request: DELETE /
// expect-status: 405
// expect-body: {"message":"Method DELETE not allowed"}
const method = kong.request.get_method();
if (method !== "GET" && method !== "POST") {
  return kong.response.exit(405, { message: `Method ${method} not allowed` });
}
