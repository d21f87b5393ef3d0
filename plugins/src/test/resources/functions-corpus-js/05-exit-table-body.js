// twin: 05-exit-table-body.lua
// request: GET /
// expect-status: 406
// expect-body: {"message":"Invalid"}
// expect-header: Content-Type: application/json; charset=utf-8
return kong.response.exit(406, { message: "Invalid" });
