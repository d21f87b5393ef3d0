-- source: pdk-service-request
-- request: GET /?a=1
-- expect-status: 200
-- expect-upstream: /uri = /?version=2
kong.service.request.set_query({ version = "2" })
