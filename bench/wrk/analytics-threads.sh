#!/bin/bash
# Where the call log's CPU goes, by thread, on nodes under wrk: CPU time per request served, from
# /proc/<pid>/task/*/stat, which a host slowed from outside disturbs less than req/s. Two nodes of one
# build (analytics off / on), pinned to core 1, wrk and the origin on core 0, alternated PAIRS times.
#   bench/wrk/analytics-threads.sh        PAIRS (2), DURATION (15 s per run), WARMUP (30 s per node)
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
run() { # run NAME PROXY_PORT
  local pid before after out
  pid=$(cat /tmp/analytics-threads-$1/gatehouse.pid)
  before=$(ticks "$pid")
  out=$(taskset -c 0 wrk -t1 -c50 -d"${DURATION:-15}"s "http://127.0.0.1:$2/plain")
  after=$(ticks "$pid")
  local requests; requests=$(echo "$out" | awk '/requests in/ { print $1 }')
  local rps; rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  echo "== $1: $requests requests, $rps req/s; µs of CPU per request by thread:"
  join -t$'\t' <(echo "$before" | sort) <(echo "$after" | sort) |
    awk -F'\t' -v n="$requests" -v hz="$(getconf CLK_TCK)" '{ d = $3 - $2; if (d > 0) { us = d / hz * 1e6 / n; total += us; printf "   %-28s %6.2f\n", $1, us } }
      END { printf "   %-28s %6.2f\n", "TOTAL", total }' | sort -k2 -nr
}
node off 9880 9881 off
node on 9882 9883 on
echo
sleep 1
for p in 9880 9882; do taskset -c 0 wrk -t1 -c50 -d"${WARMUP:-30}"s http://127.0.0.1:$p/plain >/dev/null; done
for i in $(seq "${PAIRS:-2}"); do run off 9880; run on 9882; done
curl -s localhost:9883/status | python3 -c 'import json,sys; print("analytics:", json.load(sys.stdin).get("analytics"))'
for n in off on; do ./gatehouse stop --prefix /tmp/analytics-threads-$n >/dev/null; done
../shared/bench/peers.sh stop origin >/dev/null
