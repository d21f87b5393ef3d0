// twin: 19-query-arg-to-header.lua
// request: GET /?api_key=abc123
// expect-status: 200
// expect-upstream: /headers/apikey = abc123
// kong-js-pdk's camelCase names work too
const key = kong.request.getQueryArg("api_key");
if (key) {
  kong.service.request.setHeader("apikey", key);
}
