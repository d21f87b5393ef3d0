-- Sets the request headers that bench/wrk/auth-plugins.sh computed for this run, one per line
-- "Name: value" in $AUTH_HEADERS (the hmac signature and its date are made right before the run).
local lines = os.getenv("AUTH_HEADERS") or ""
for name, value in lines:gmatch("([^:\n]+):%s*([^\n]*)") do
  wrk.headers[name] = value
end
