#!/usr/bin/env bash
# Issue 18's speed check: the gateway's own overhead per AI chat call. wrk POSTs one OpenAI chat
# request (bench/wrk/ai-chat.lua) to a fake OpenAI provider directly, and through a Gatehouse route
# with ai-proxy (openai, model from config, provider key added by the gateway, answer parsed and
# re-serialized), interleaved, same connections. The provider is nginx answering a fixed chat
# completion (~400 B) from memory, so what the two differ by is the gateway.
#
#   bench/wrk/ai-overhead.sh [-d SEC] [-c CONNS] [-r ROUNDS] [-w WARMUP_SEC]   (defaults 15 50 3 10)
#
# Prints per target: req/s, mean/p50/p99 latency (medians over rounds), then the overhead per call
# (mean latency through the gateway minus direct, in µs, at equal concurrency) and the throughput
# ratio gateway/direct. Starts: nginx provider on 9833 (cpu ORIGIN_CPU, default 0, shared with wrk),
# Gatehouse from this worktree on 9830 (admin 9831, status 9832, cpu PROXY_CPU, default 1; prefix
# /tmp/gh-ai-bench). Stops what it started.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN=${AI_BENCH_DIR:-/tmp/gh-ai-bench}
PREFIX=$RUN/prefix
ADMIN=http://127.0.0.1:9831
DURATION=15 CONNS=50 ROUNDS=3 WARMUP=10
while (($#)); do
  case $1 in
    -d) DURATION=$2; shift 2 ;;
    -c) CONNS=$2; shift 2 ;;
    -r) ROUNDS=$2; shift 2 ;;
    -w) WARMUP=$2; shift 2 ;;
    *) echo "usage: $0 [-d SEC] [-c CONNS] [-r ROUNDS] [-w WARMUP_SEC]" >&2; exit 2 ;;
  esac
done
mkdir -p "$RUN/tmp" "$RUN/out"
rm -rf "$PREFIX" # an earlier run's database would answer 409 to the set-up below

cleanup() {
  GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9831 "$ROOT/gatehouse" stop --prefix "$PREFIX" >/dev/null 2>&1 || true
  if [[ -f $RUN/provider.pid ]]; then kill "$(cat "$RUN/provider.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT

# the fake provider: OpenAI's chat completion shape with usage, fixed
cat > "$RUN/provider.conf" <<CONF
worker_processes 1;
pid $RUN/provider.pid;
error_log $RUN/provider.error.log warn;
daemon on;
events { worker_connections 16384; }
http {
  access_log off;
  server_tokens off;
  keepalive_requests 10000000;
  client_body_temp_path $RUN/tmp;
  server {
    listen 127.0.0.1:9833 backlog=4096;
    location = /v1/chat/completions {
      default_type application/json;
      return 200 '{"id":"chatcmpl-bench","object":"chat.completion","created":1733000000,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help you today?"},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":9,"total_tokens":18}}';
    }
  }
}
CONF
taskset -c "${ORIGIN_CPU:-0}" nginx -c "$RUN/provider.conf" -p "$RUN"

GATEHOUSE_PROXY_LISTEN=127.0.0.1:9830 GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9831 \
  GATEHOUSE_STATUS_LISTEN=127.0.0.1:9832 taskset -c "${PROXY_CPU:-1}" "$ROOT/gatehouse" start --prefix "$PREFIX"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$ADMIN/status" && break; sleep 0.5; done

curl -sf -o /dev/null -X POST "$ADMIN/services" -d name=ai -d url=http://127.0.0.1:9833
curl -sf -o /dev/null -X POST "$ADMIN/services/ai/routes" -d name=ai -d 'paths[]=/ai'
curl -sf -o /dev/null -X POST "$ADMIN/routes/ai/plugins" -H 'Content-Type: application/json' -d '{"name":"ai-proxy",
  "config":{"route_type":"llm/v1/chat","auth":{"header_name":"Authorization","header_value":"Bearer sk-bench-key"},
  "model":{"provider":"openai","name":"gpt-4o","options":{"upstream_url":"http://127.0.0.1:9833/v1/chat/completions"}}}}'

LUA=$ROOT/bench/wrk/ai-chat.lua
DIRECT=http://127.0.0.1:9833/v1/chat/completions
GATEWAY=http://127.0.0.1:9830/ai/chat/completions
for url in $DIRECT $GATEWAY; do
  for _ in $(seq 1 100); do
    body=$(curl -s -X POST -H 'Content-Type: application/json' --data @"$ROOT/bench/wrk/ai-chat.json" "$url" || true)
    [[ $body == *'"chat.completion"'* ]] && break
    sleep 0.2
  done
  [[ $body == *'"chat.completion"'* ]] || { echo "no chat completion from $url: $body" >&2; exit 1; }
done

# wrk's text → one TSV line: rps mean_us p50_us p99_us
parse() {
  awk 'function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /s$/) return v * 1000000; return v }
    /^    Latency/ { mean = us($2) } /^     50%/ { p50 = us($2) } /^     99%/ { p99 = us($2) }
    /^Requests\/sec:/ { rps = $2 } END { printf "%s\t%s\t%s\t%s\n", rps, mean, p50, p99 }' "$1"
}
load() { # name url seconds
  taskset -c "${WRK_CPU:-0}" wrk -t1 -c"$CONNS" -d"$3"s --latency --timeout 5s -s "$LUA" "$2" > "$RUN/out/$1.txt"
}

for name in direct gateway; do url=$DIRECT; [[ $name == gateway ]] && url=$GATEWAY; load "$name-warm" "$url" "$WARMUP"; done
: > "$RUN/out/runs.tsv"
for round in $(seq 1 "$ROUNDS"); do
  for name in direct gateway; do
    url=$DIRECT; [[ $name == gateway ]] && url=$GATEWAY
    load "$name-$round" "$url" "$DURATION"
    printf '%s\t%s\n' "$name" "$(parse "$RUN/out/$name-$round.txt")" >> "$RUN/out/runs.tsv"
    sleep 1
  done
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n { print $c }' "$RUN/out/runs.tsv" | median; }
printf '%-8s %10s %10s %10s %10s\n' target 'req/s' 'mean µs' 'p50 µs' 'p99 µs'
for name in direct gateway; do
  printf '%-8s %10.0f %10.0f %10.0f %10.0f\n' "$name" "$(col $name 2)" "$(col $name 3)" "$(col $name 4)" "$(col $name 5)"
done
awk -v dm="$(col direct 3)" -v gm="$(col gateway 3)" -v dr="$(col direct 2)" -v gr="$(col gateway 2)" -v c="$CONNS" 'BEGIN {
  printf "gateway overhead per chat call: %.0f µs (mean latency difference at %d connections); throughput ratio gateway/direct: %.2f\n", gm - dm, c, gr / dr }'
echo "raw wrk output: $RUN/out"
