-- source: openresty-md5
-- request: GET /?v=hello
-- expect-status: 200
-- expect-upstream: /headers/x-digest = 5d41402abc4b2a76b9719d911017c592
kong.service.request.set_header("X-Digest", ngx.md5(kong.request.get_query_arg("v")))
