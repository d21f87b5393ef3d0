// twin: 27-body-filter-raw-body.lua
// phase: body_filter
// request: GET /
// expect-status: 200
// expect-body: {"wrapped":true}
const body = kong.response.get_raw_body();
if (body !== null) {
  kong.response.set_raw_body('{"wrapped":true}');
}
