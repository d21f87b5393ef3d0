#!/bin/bash
# Two Gatehouse builds (e.g. before and after a change) against nginx in one interleaved wrk run:
# a plain route and a key-auth + rate-limiting route on each build, both builds pinned to core 1.
#   bench/wrk/compare-builds.sh /path/to/before-checkout /path/to/after-checkout
# Each checkout is built by its own launcher on first use. Results: /tmp/compare-builds/.
# ROUNDS (5), DURATION (10 s per run) and WARMUP (120 s for each plain route) shorten a run.
set -u
before=$(cd "$1" && pwd); after=$(cd "$2" && pwd)
cd "$(dirname "$0")/../.."
../shared/bench/peers.sh start origin nginx
# node DIR PREFIX PROXY_PORT ADMIN_PORT: starts a node and gives it the two routes
node() {
  local dir=$1 prefix=$2 proxy=$3 admin=$4 a=localhost:$4
  rm -rf "$prefix"
  GATEHOUSE_PROXY_LISTEN=127.0.0.1:$proxy GATEHOUSE_ADMIN_LISTEN=127.0.0.1:$admin GATEHOUSE_STATUS_LISTEN=off \
    taskset -c 1 "$dir/gatehouse" start --prefix "$prefix"
  q() { curl -s -o /dev/null -w "%{http_code} " "$@"; }
  q $a/services -d name=plain -d url=http://127.0.0.1:9000
  q $a/services/plain/routes -d 'paths[]=/anything' -d strip_path=false
  q $a/services -d name=limited -d url=http://127.0.0.1:9000/anything
  q $a/services/limited/routes -d name=limited -d 'paths[]=/limited'
  q $a/consumers -d username=bench; q $a/consumers/bench/key-auth -d key=bench-key
  q $a/routes/limited/plugins -d name=key-auth
  q $a/routes/limited/plugins -d name=rate-limiting -d config.minute=1000000000 -d config.policy=local
  echo
}
node "$before" /tmp/compare-before 9860 9861
node "$after" /tmp/compare-after 9870 9871
sleep 1
for p in 9860 9870; do
  curl -s -o /dev/null -w "%{http_code} " localhost:$p/anything
  curl -s -o /dev/null -w "%{http_code} " -H 'apikey: bench-key' localhost:$p/limited
done; echo
../shared/bench/run.sh -r ${ROUNDS:-5} -d ${DURATION:-10} -c 50 -H 'apikey: bench-key' \
  --warmup-for before=${WARMUP:-120} --warmup-for after=${WARMUP:-120} --warmup-for before_kr=30 --warmup-for after_kr=30 \
  --out /tmp/compare-builds \
  nginx=http://127.0.0.1:9100/anything \
  before=http://127.0.0.1:9860/anything after=http://127.0.0.1:9870/anything \
  before_kr=http://127.0.0.1:9860/limited after_kr=http://127.0.0.1:9870/limited
"$before/gatehouse" stop --prefix /tmp/compare-before
"$after/gatehouse" stop --prefix /tmp/compare-after
../shared/bench/peers.sh stop origin nginx
