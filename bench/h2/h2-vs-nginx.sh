#!/bin/bash
# HTTP/2 proxying, Gatehouse against nginx's h2 reverse proxy, in one interleaved run (issue 15's
# speed goal: >= 0.8x nginx). h2load (Debian's nghttp2-client) drives, per round and target:
#   nginx-tls  nginx 1 worker, `listen ... ssl http2` -> the shared origin (HTTP/1.1 keepalive)
#   nginx-h2c  nginx 1 worker, `listen ... http2` (prior knowledge, no TLS) -> the same origin
#   gw-tls     Gatehouse `proxy_listen ... http2 ssl`, route /anything -> the same origin
#   gw-h2c     Gatehouse `proxy_listen ... http2`
# Prints req/s, p50/p99 latency (from h2load's per-request log) and the ratio to nginx, per
# transport. Both proxies are pinned to core 1, origin and h2load to core 0 (as bench/wrk does).
# Environment: DURATION (s per run, 10), ROUNDS (3), CONNS (50), STREAMS (-m, 10), WARMUP (s, 60 for gw).
set -u
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10}; ROUNDS=${ROUNDS:-3}; CONNS=${CONNS:-50}; STREAMS=${STREAMS:-10}; WARMUP=${WARMUP:-60}
W=/tmp/h2-vs-nginx; rm -rf $W; mkdir -p $W/nginx-tmp
../shared/bench/peers.sh start origin

# nginx as the h2 peer, same tuning as the shared proxy.nginx.conf, with its own self-signed cert
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/key.pem -out $W/cert.pem \
  -subj /CN=localhost -days 2 2>/dev/null
cat > $W/nginx.conf <<CONF
worker_processes 1;
worker_rlimit_nofile 65536;
pid $W/nginx.pid;
error_log $W/nginx.error.log warn;
daemon on;
events { worker_connections 16384; multi_accept on; }
http {
  access_log off; server_tokens off; tcp_nodelay on;
  keepalive_timeout 120s; keepalive_requests 10000000;
  http2_max_concurrent_streams 128;
  client_body_temp_path $W/nginx-tmp/body; proxy_temp_path $W/nginx-tmp/proxy;
  fastcgi_temp_path $W/nginx-tmp/fastcgi; uwsgi_temp_path $W/nginx-tmp/uwsgi; scgi_temp_path $W/nginx-tmp/scgi;
  ssl_protocols TLSv1.2 TLSv1.3;
  upstream origin { server 127.0.0.1:9000; keepalive 256; keepalive_requests 10000000; keepalive_timeout 120s; }
  server {
    listen 127.0.0.1:9110 ssl http2 backlog=4096;
    listen 127.0.0.1:9111 http2 backlog=4096;
    ssl_certificate $W/cert.pem; ssl_certificate_key $W/key.pem;
    location / {
      proxy_pass http://origin; proxy_http_version 1.1;
      proxy_set_header Connection ""; proxy_set_header Host \$host;
      proxy_buffers 8 16k; proxy_buffer_size 16k;
    }
  }
}
CONF
taskset -c 1 nginx -c $W/nginx.conf -p $W

P=$W/gatehouse-prefix
GATEHOUSE_PROXY_LISTEN='127.0.0.1:9860 http2, 127.0.0.1:9863 http2 ssl' GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9861 \
  GATEHOUSE_STATUS_LISTEN=off taskset -c 1 ./gatehouse start --prefix $P
A=localhost:9861
curl -s -o /dev/null -w "%{http_code} " $A/services -d name=plain -d url=http://127.0.0.1:9000
curl -s -o /dev/null -w "%{http_code}\n" $A/services/plain/routes -d 'paths[]=/anything' -d strip_path=false
sleep 1

declare -A URL=([nginx-tls]=https://127.0.0.1:9110/anything [nginx-h2c]=http://127.0.0.1:9111/anything
  [gw-tls]=https://127.0.0.1:9863/anything [gw-h2c]=http://127.0.0.1:9860/anything)
ORDER=(nginx-tls gw-tls nginx-h2c gw-h2c)
load() { # name seconds logfile
  taskset -c 0 h2load -D "$2" -c "$CONNS" -m "$STREAMS" -t 1 --log-file="$3" "${URL[$1]}" 2>&1
}
for n in "${ORDER[@]}"; do # pre-flight: one request must answer 200 over h2
  out=$(taskset -c 0 h2load -n 1 -c 1 "${URL[$n]}" 2>&1)
  grep -q '1 succeeded' <<<"$out" && grep -q 'h2' <<<"$out" || { echo "$n does not answer over h2:"; echo "$out"; }
done
load gw-tls "$WARMUP" /dev/null >/dev/null; load gw-h2c "$WARMUP" /dev/null >/dev/null
load nginx-tls 5 /dev/null >/dev/null; load nginx-h2c 5 /dev/null >/dev/null

printf 'round\ttarget\treq/s\tp50_us\tp99_us\n' > $W/rounds.tsv
for r in $(seq 1 "$ROUNDS"); do
  for n in "${ORDER[@]}"; do
    out=$(load "$n" "$DURATION" $W/$n-$r.log)
    echo "$out" > $W/$n-$r.txt
    rps=$(grep -oP 'finished in [^,]+, \K[0-9.]+(?= req/s)' <<<"$out")
    read -r p50 p99 < <(awk -F'\t' '$2 >= 200 && $2 < 400 {print $3}' $W/$n-$r.log | sort -n |
      awk '{v[NR] = $1} END {if (!NR) exit; a = int(NR * 0.5); b = int(NR * 0.99)
        if (a < 1) a = 1; if (b < 1) b = 1; printf "%d %d\n", v[a], v[b]}')
    printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$n" "${rps:-0}" "${p50:-0}" "${p99:-0}" | tee -a $W/rounds.tsv
  done
done

echo; echo "medians over $ROUNDS rounds of ${DURATION}s, $CONNS connections x $STREAMS streams:"
awk -F'\t' 'NR > 1 {rps[$2] = rps[$2] " " $3; p50[$2] = p50[$2] " " $4; p99[$2] = p99[$2] " " $5}
  function med(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
      if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((n + 1) / 2)] }
  END {
    printf "%-10s %10s %9s %9s %8s\n", "target", "req/s", "p50 us", "p99 us", "vs nginx"
    split("nginx-tls gw-tls nginx-h2c gw-h2c", order, " ")
    for (i = 1; i <= 4; i++) { t = order[i]; ref = (t ~ /tls/) ? "nginx-tls" : "nginx-h2c"
      printf "%-10s %10.0f %9d %9d %8.2f\n", t, med(rps[t]), med(p50[t]), med(p99[t]), med(rps[t]) / med(rps[ref]) }
  }' $W/rounds.tsv | tee $W/summary.txt

./gatehouse stop --prefix $P
kill "$(cat $W/nginx.pid)"
../shared/bench/peers.sh stop origin
