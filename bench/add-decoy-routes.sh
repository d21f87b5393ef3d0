#!/usr/bin/env bash
# add-decoy-routes.sh ADMIN_URL [SERVICE]: adds the 99 decoy routes of the wrk "100 routes" case
# (docs/performance.md) to a running node through its Admin API: 33 prefix paths, 33 hosts, 33 regex
# paths, none matching the benchmark's `GET /anything` (Host 127.0.0.1).
set -euo pipefail
admin=${1:?usage: add-decoy-routes.sh ADMIN_URL [SERVICE]}
svc=${2:-bench}
for i in $(seq 1 33); do
  curl -sf -o /dev/null "$admin/services/$svc/routes" -d "paths[]=/decoy$i" -d strip_path=false
  curl -sf -o /dev/null "$admin/services/$svc/routes" -d "hosts[]=decoy$i.example.test" -d strip_path=false
  curl -sf -o /dev/null "$admin/services/$svc/routes" --data-urlencode "paths[]=~/regex/$i/\\d+\$" -d strip_path=false
done
echo "routes now: $(curl -sf "$admin/routes?size=1000" | grep -o '"created_at"' | wc -l)"
