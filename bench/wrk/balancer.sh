#!/usr/bin/env bash
# The issue-6 wrk scenario: a service balanced over a 3-target upstream vs a single-host service,
# through one Gatehouse node, interleaved in one run.sh call (docs/performance.md "Balancer").
#
#   bench/wrk/balancer.sh [run.sh options...]     e.g. -r 5 -d 10 -c 50 --warmup-for single=120
#
# Needs the shared harness (BENCH, default /work/shared/bench) with wrk and nginx installed.
# Starts: the harness origin (9000, if not running) plus two copies of it on 9001/9002 (same
# config, same core), Gatehouse from this worktree pinned to core 1 on 9800 (admin 9801, status
# 9802, prefix /tmp/gh-balancer-bench). Configures through the Admin API:
#   single: service url=http://127.0.0.1:9000, route /single (strip_path) -> /anything
#   lb:     upstream three (round-robin) with targets 9000, 9001, 9002; service host=three,
#           route /lb (strip_path) -> /anything
# Stops everything it started on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH=${BENCH:-/work/shared/bench}
RUN=${BALANCER_BENCH_DIR:-/tmp/gh-balancer-bench}
PREFIX=$RUN/prefix
ADMIN=http://127.0.0.1:9801
mkdir -p "$RUN"
started_origin=0

cleanup() {
  GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9801 "$ROOT/gatehouse" stop --prefix "$PREFIX" >/dev/null 2>&1 || true
  for p in 9001 9002; do
    [[ -f $RUN/origin-$p.pid ]] && kill "$(cat "$RUN/origin-$p.pid")" 2>/dev/null || true
  done
  if [[ $started_origin == 1 ]]; then "$BENCH/peers.sh" stop origin >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if ! curl -sf -o /dev/null http://127.0.0.1:9000/anything; then
  "$BENCH/peers.sh" start origin
  started_origin=1
fi
conf=${BENCH_RUN_DIR:-/tmp/bench-peers}/origin.nginx.conf
for p in 9001 9002; do
  mkdir -p "$RUN/origin-$p-tmp"
  sed -e "s#listen 127.0.0.1:9000#listen 127.0.0.1:$p#" \
      -e "s#^pid .*#pid $RUN/origin-$p.pid;#" \
      -e "s#^error_log .*#error_log $RUN/origin-$p.error.log warn;#" \
      -e "s#[^ ]*origin-tmp#$RUN/origin-$p-tmp#g" "$conf" >"$RUN/origin-$p.conf"
  taskset -c "${ORIGIN_CPU:-0}" nginx -c "$RUN/origin-$p.conf" -e "$RUN/origin-$p.error.log"
done

GATEHOUSE_PROXY_LISTEN=127.0.0.1:9800 GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9801 \
  GATEHOUSE_STATUS_LISTEN=127.0.0.1:9802 taskset -c "${PROXY_CPU:-1}" "$ROOT/gatehouse" start --prefix "$PREFIX"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$ADMIN/status" && break; sleep 0.5; done

post() { curl -sf -o /dev/null -X POST "$ADMIN$1" "${@:2}"; }
post /services -d name=single -d url=http://127.0.0.1:9000
post /services/single/routes -d 'paths[]=/single'
post /upstreams -d name=three
for p in 9000 9001 9002; do post /upstreams/three/targets -d target=127.0.0.1:$p -d weight=100; done
post /services -d name=lb -d host=three -d port=80
post /services/lb/routes -d 'paths[]=/lb'
for _ in $(seq 1 100); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:9800/lb/anything) == 200 ]] && break
  sleep 0.2
done

"$BENCH/run.sh" "$@" single=http://127.0.0.1:9800/single/anything lb=http://127.0.0.1:9800/lb/anything
# the spread over the three origins is visible in their (off) logs only; check the balancer instead:
curl -s "$ADMIN/upstreams/three/health" | head -c 600; echo
