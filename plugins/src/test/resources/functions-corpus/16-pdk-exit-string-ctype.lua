-- source: pdk-response
-- request: GET /
-- expect-status: 200
-- expect-body: Success
-- expect-header: Content-Type: text/plain
return kong.response.exit(200, "Success", { ["Content-Type"] = "text/plain" })
