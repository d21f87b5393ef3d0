#!/bin/bash
# Where the call log's CPU goes, by thread, on nodes under wrk: CPU time per request served, from
# /proc/<pid>/task/*/stat, which a host slowed from outside disturbs less than req/s. Two nodes of one
# build (analytics off / on), pinned to core 1, wrk and the origin on core 0, alternated PAIRS times.
#   bench/wrk/analytics-threads.sh        PAIRS (2), DURATION (15 s per run), WARMUP (30 s per node)
# TOGETHER=1 runs each pair's two wrk at once instead of one after the other (25 connections each): both
# nodes then share core 1 and whatever slows the host slows both alike, so their ratio holds up better.
# It is the wrk scenario's ratio only while each node still serves 12,288 calls/s or more: below that the
# on node writes a batch every 0.5 s instead of whole row groups, at two to three times the cost per call.
set -u
cd "$(dirname "$0")/../.."
../shared/bench/peers.sh start origin >/dev/null
q() { curl -s -o /dev/null -w "%{http_code} " "$@"; }
node() { # node NAME PROXY_PORT ADMIN_PORT ANALYTICS
  local prefix=/tmp/analytics-threads-$1 a=localhost:$3
  rm -rf "$prefix"
  GATEHOUSE_ANALYTICS=$4 GATEHOUSE_PROXY_LISTEN=127.0.0.1:$2 GATEHOUSE_ADMIN_LISTEN=127.0.0.1:$3 \
    GATEHOUSE_STATUS_LISTEN=off taskset -c 1 ./gatehouse start --prefix "$prefix" >/dev/null
  q $a/services -d name=plain -d url=http://127.0.0.1:9000/anything
  q $a/services/plain/routes -d name=plain -d 'paths[]=/plain'
}
# ticks: "thread-group ticks" for every thread of PID; thread names lose their trailing numbers
ticks() {
  for t in /proc/"$1"/task/*; do
    sed -e 's/^[0-9]* (\(.*\)) \(.*\)$/\1\t\2/' "$t/stat" 2>/dev/null
  done | awk -F'\t' '{ split($2, f, " "); name = $1; gsub(/[-#]?[0-9]+$/, "", name); t[name] += f[12] + f[13] }
    END { for (n in t) print n "\t" t[n] }'
}
# report NAME REQUESTS RPS BEFORE AFTER: CPU per request by thread between two tick snapshots
report() {
  echo "== $1: $2 requests, $3 req/s; µs of CPU per request by thread:"
  join -t$'\t' <(echo "$4" | sort) <(echo "$5" | sort) |
    awk -F'\t' -v n="$2" -v hz="$(getconf CLK_TCK)" '{ d = $3 - $2; if (d > 0) { us = d / hz * 1e6 / n; total += us; printf "   %-28s %6.2f\n", $1, us } }
      END { printf "   %-28s %6.2f\n", "TOTAL", total }' | sort -k2 -nr
}
field() { awk -v f="$1" '$0 ~ f { print $(f == "requests in" ? 1 : 2) }'; }
run() { # run NAME PROXY_PORT
  local pid before after out
  pid=$(cat /tmp/analytics-threads-$1/gatehouse.pid)
  before=$(ticks "$pid")
  out=$(taskset -c 0 wrk -t1 -c50 -d"${DURATION:-15}"s "http://127.0.0.1:$2/plain")
  after=$(ticks "$pid")
  report "$1" "$(echo "$out" | field "requests in")" "$(echo "$out" | field "Requests/sec")" "$before" "$after"
}
together() { # both nodes under load at once
  local -A pid before
  local n out
  for n in off on; do pid[$n]=$(cat /tmp/analytics-threads-$n/gatehouse.pid); before[$n]=$(ticks "${pid[$n]}"); done
  taskset -c 0 wrk -t1 -c25 -d"${DURATION:-15}"s http://127.0.0.1:9880/plain > /tmp/analytics-threads-off.wrk &
  taskset -c 0 wrk -t1 -c25 -d"${DURATION:-15}"s http://127.0.0.1:9882/plain > /tmp/analytics-threads-on.wrk
  wait
  for n in off on; do
    out=$(cat /tmp/analytics-threads-$n.wrk)
    report $n "$(echo "$out" | field "requests in")" "$(echo "$out" | field "Requests/sec")" "${before[$n]}" "$(ticks "${pid[$n]}")"
  done
}
node off 9880 9881 off
node on 9882 9883 on
echo
sleep 1
for p in 9880 9882; do taskset -c 0 wrk -t1 -c50 -d"${WARMUP:-30}"s http://127.0.0.1:$p/plain >/dev/null; done
for i in $(seq "${PAIRS:-2}"); do
  if [ "${TOGETHER:-0}" = 1 ]; then together; else run off 9880; run on 9882; fi
done
curl -s localhost:9883/status | python3 -c 'import json,sys; print("analytics:", json.load(sys.stdin).get("analytics"))'
for n in off on; do ./gatehouse stop --prefix /tmp/analytics-threads-$n >/dev/null; done
../shared/bench/peers.sh stop origin >/dev/null
