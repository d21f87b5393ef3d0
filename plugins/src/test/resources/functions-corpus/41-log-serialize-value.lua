-- source: pdk-log
-- request: GET /
-- expect-status: 200
kong.log.set_serialize_value("request.custom", "value")
kong.log.debug("set a custom serialize value")
