#!/bin/bash
# What the call log costs: wrk on a plain route (no plugin) against two nodes of one build, one with
# analytics = off and one with analytics = on (every call queued and written to the embedded
# DuckDB store), interleaved, and the ratio (goal: on costs <= 5 % throughput). Nodes pinned to core 1.
# Ends with each round's paired on/off ratio and their median over the rounds the harness did not flag.
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
# paired: each round's on/off ratio (a slowdown of the host hits the two runs of one round alike more
# often than two medians), flagged as the harness flags a run whose probe was slow; the median of the rest
python3 - /tmp/analytics-cost/rounds.tsv <<'PY'
import csv, statistics, sys
runs = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
probe = lambda run: {k: float(v) for k, v in (kv.split("=") for kv in run["probe_ms"].split())}
best = {}
for run in runs:
    for core, ms in probe(run).items(): best[core] = min(ms, best.get(core, ms))
clean = []
for r in sorted({int(run["round"]) for run in runs}):
    pair = {run["name"]: run for run in runs if int(run["round"]) == r}
    ratio = float(pair["on"]["rps"]) / float(pair["off"]["rps"])
    slow = any(ms > 1.4 * best[core] for run in pair.values() for core, ms in probe(run).items())
    print(f"# round {r}: on/off {ratio:.3f}" + (" (flagged)" if slow else ""))
    if not slow: clean.append(ratio)
if clean: print(f"# paired on/off, median of {len(clean)} unflagged rounds: {statistics.median(clean):.3f}")
PY
# what the store kept and dropped (the on node)
curl -s localhost:9893/status | python3 -c 'import json,sys; print("analytics:", json.load(sys.stdin).get("analytics"))'
for n in off on; do ./gatehouse stop --prefix /tmp/analytics-cost-$n; done
../shared/bench/peers.sh stop origin nginx
