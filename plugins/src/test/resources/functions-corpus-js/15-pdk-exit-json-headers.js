// twin: 15-pdk-exit-json-headers.lua
// request: GET /
// expect-status: 403
// expect-body: {"message":"Access Forbidden"}
// expect-header: X-Powered-By: Gatehouse-test
return kong.response.exit(403, { message: "Access Forbidden" }, {
  "Content-Type": "application/json",
  "X-Powered-By": "Gatehouse-test"
});
