#!/usr/bin/env bash
# Issue 22's speed check: a route with a 3-line pre-function snippet vs the same route without it,
# through one Gatehouse node, interleaved in one run.sh call (goal: ratio >= 0.85, docs/performance.md).
# Targets: plain (no plugin), lua (Kong's snippet), js (the same three calls in JavaScript,
# language: javascript; GraalJS interprets on a stock JDK, so it gets a longer warm-up).
#
#   bench/wrk/pre-function.sh [run.sh options...]     e.g. -r 5 -d 10 -c 50
#   bench/wrk/pre-function.sh --check                 set up and check the three routes, no load
#
# Needs the shared harness (BENCH, default /work/shared/bench) with wrk and nginx installed.
# Starts: the harness origin (9000, if not running), Gatehouse from this worktree pinned to core 1
# on 9810 (admin 9811, status 9812, prefix /tmp/gh-prefunction-bench). Stops what it started.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH=${BENCH:-/work/shared/bench}
RUN=${PREFUNCTION_BENCH_DIR:-/tmp/gh-prefunction-bench}
PREFIX=$RUN/prefix
ADMIN=http://127.0.0.1:9811
CHECK=0
if [[ ${1:-} == --check ]]; then CHECK=1; shift; fi
mkdir -p "$RUN"
rm -rf "$PREFIX" # a database left by an earlier run would answer 409 to the set-up below
started_origin=0

cleanup() {
  GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9811 "$ROOT/gatehouse" stop --prefix "$PREFIX" >/dev/null 2>&1 || true
  if [[ $started_origin == 1 ]]; then "$BENCH/peers.sh" stop origin >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if ! curl -sf -o /dev/null http://127.0.0.1:9000/anything; then
  "$BENCH/peers.sh" start origin
  started_origin=1
fi

GATEHOUSE_PROXY_LISTEN=127.0.0.1:9810 GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9811 \
  GATEHOUSE_STATUS_LISTEN=127.0.0.1:9812 taskset -c "${PROXY_CPU:-1}" "$ROOT/gatehouse" start --prefix "$PREFIX"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$ADMIN/status" && break; sleep 0.5; done

post() { curl -sf -o /dev/null -X POST "$ADMIN$1" "${@:2}"; }
post /services -d name=plain -d url=http://127.0.0.1:9000
post /services/plain/routes -d 'paths[]=/plain'
post /services -d name=lua -d url=http://127.0.0.1:9000
post /services/lua/routes -d name=lua -d 'paths[]=/lua'
snippet='local tenant = kong.request.get_header("x-tenant") or "none"
kong.service.request.set_header("X-Tenant-Seen", tenant)
kong.response.set_header("X-Lua", "1")'
post /routes/lua/plugins -d name=pre-function --data-urlencode "config.access[1]=$snippet"
post /services -d name=js -d url=http://127.0.0.1:9000
post /services/js/routes -d name=js -d 'paths[]=/js'
js='const tenant = kong.request.get_header("x-tenant") ?? "none";
kong.service.request.set_header("X-Tenant-Seen", tenant);
kong.response.set_header("X-Js", "1");'
post /routes/js/plugins -d name=pre-function -d config.language=javascript --data-urlencode "config.access[1]=$js"
for route in lua js; do
  for _ in $(seq 1 100); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:9810/$route/anything") == 200 ]] && break
    sleep 0.2
  done
  curl -si "http://127.0.0.1:9810/$route/anything" | grep -i "^x-$route: 1" || { echo "$route snippet not active" >&2; exit 1; }
done
if [[ $CHECK == 1 ]]; then
  curl -sf -o /dev/null http://127.0.0.1:9810/plain/anything && echo "pre-function.sh: plain, lua and js routes answer"
  exit 0
fi

"$BENCH/run.sh" --warmup-for js=30 "$@" plain=http://127.0.0.1:9810/plain/anything \
  lua=http://127.0.0.1:9810/lua/anything js=http://127.0.0.1:9810/js/anything
