#!/bin/bash
# What the observability plugins cost on the plugged route (key-auth + rate-limiting), one build,
# one interleaved wrk run against nginx: no plugin / global prometheus (every flag on) /
# global opentelemetry at sampling 1.0 and 0.01 (tracing_instrumentations = all; spans exported to
# the origin nginx, whose /anything answers 200 to any method). Nodes pinned to core 1.
#   bench/wrk/observability-cost.sh            results: /tmp/observability-cost/
# ROUNDS (5), DURATION (10 s per run) and WARMUP (60 s per node) shorten a run.
set -u
cd "$(dirname "$0")/../.."
../shared/bench/peers.sh start origin nginx
q() { curl -s -o /dev/null -w "%{http_code} " "$@"; }
# node NAME PROXY_PORT ADMIN_PORT [ENV...]: starts a node with the plugged route
node() {
  local name=$1 proxy=$2 admin=$3; shift 3
  local prefix=/tmp/observability-cost-$name a=localhost:$admin
  rm -rf "$prefix"
  env "$@" GATEHOUSE_PROXY_LISTEN=127.0.0.1:$proxy GATEHOUSE_ADMIN_LISTEN=127.0.0.1:$admin GATEHOUSE_STATUS_LISTEN=off \
    taskset -c 1 ./gatehouse start --prefix "$prefix"
  q $a/services -d name=plugged -d url=http://127.0.0.1:9000/anything
  q $a/services/plugged/routes -d name=plugged -d 'paths[]=/plugged'
  q $a/consumers -d username=bench; q $a/consumers/bench/key-auth -d key=bench-key
  q $a/routes/plugged/plugins -d name=key-auth
  q $a/routes/plugged/plugins -d name=rate-limiting -d config.minute=1000000000 -d config.policy=local
}
node none 9880 9881
node prom 9882 9883
q localhost:9883/plugins -d name=prometheus -d config.per_consumer=true -d config.status_code_metrics=true \
  -d config.latency_metrics=true -d config.bandwidth_metrics=true -d config.upstream_health_metrics=true
node otel100 9884 9885 GATEHOUSE_TRACING_INSTRUMENTATIONS=all
q localhost:9885/plugins -d name=opentelemetry -d config.traces_endpoint=http://127.0.0.1:9000/anything -d config.sampling_rate=1.0
node otel1 9886 9887 GATEHOUSE_TRACING_INSTRUMENTATIONS=all
q localhost:9887/plugins -d name=opentelemetry -d config.traces_endpoint=http://127.0.0.1:9000/anything -d config.sampling_rate=0.01
echo
sleep 1
for p in 9880 9882 9884 9886; do q -H 'apikey: bench-key' localhost:$p/plugged; done; echo
curl -s localhost:9883/metrics | grep -c '^kong_' | sed 's/^/prometheus lines: /'
../shared/bench/run.sh -r ${ROUNDS:-5} -d ${DURATION:-10} -c 50 -H 'apikey: bench-key' \
  --warmup-for none=${WARMUP:-60} --warmup-for prom=${WARMUP:-60} --warmup-for otel100=${WARMUP:-60} --warmup-for otel1=${WARMUP:-60} \
  --ref none --out /tmp/observability-cost \
  nginx=http://127.0.0.1:9100/anything none=http://127.0.0.1:9880/plugged prom=http://127.0.0.1:9882/plugged \
  otel100=http://127.0.0.1:9884/plugged otel1=http://127.0.0.1:9886/plugged
for n in none prom otel100 otel1; do ./gatehouse stop --prefix /tmp/observability-cost-$n; done
../shared/bench/peers.sh stop origin nginx
