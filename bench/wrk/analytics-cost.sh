#!/bin/bash
# What the call log costs: wrk on a plain route (no plugin) against two nodes of one build, one with
# analytics = off and one with analytics = on (every call queued and written to the embedded
# DuckDB store), interleaved, and the ratio (goal: on costs <= 5 % throughput). Nodes pinned to core 1.
#   bench/wrk/analytics-cost.sh            results: /tmp/analytics-cost/
# ROUNDS (5), DURATION (10 s per run) and WARMUP (60 s per node) shorten a run.
set -u
cd "$(dirname "$0")/../.."
../shared/bench/peers.sh start origin nginx
q() { curl -s -o /dev/null -w "%{http_code} " "$@"; }
# node NAME PROXY_PORT ADMIN_PORT ANALYTICS: starts a node with the plain route
node() {
  local name=$1 proxy=$2 admin=$3 analytics=$4
  local prefix=/tmp/analytics-cost-$name a=localhost:$admin
  rm -rf "$prefix"
  GATEHOUSE_ANALYTICS=$analytics GATEHOUSE_PROXY_LISTEN=127.0.0.1:$proxy GATEHOUSE_ADMIN_LISTEN=127.0.0.1:$admin \
    GATEHOUSE_STATUS_LISTEN=off taskset -c 1 ./gatehouse start --prefix "$prefix"
  q $a/services -d name=plain -d url=http://127.0.0.1:9000/anything
  q $a/services/plain/routes -d name=plain -d 'paths[]=/plain'
}
node off 9890 9891 off
node on 9892 9893 on
echo
sleep 1
for p in 9890 9892; do q localhost:$p/plain; done; echo
../shared/bench/run.sh -r ${ROUNDS:-5} -d ${DURATION:-10} -c 50 \
  --warmup-for off=${WARMUP:-60} --warmup-for on=${WARMUP:-60} \
  --ref off --out /tmp/analytics-cost \
  off=http://127.0.0.1:9890/plain on=http://127.0.0.1:9892/plain
# what the store kept and dropped (the on node)
curl -s localhost:9893/status | python3 -c 'import json,sys; print("analytics:", json.load(sys.stdin).get("analytics"))'
for n in off on; do ./gatehouse stop --prefix /tmp/analytics-cost-$n; done
../shared/bench/peers.sh stop origin nginx
