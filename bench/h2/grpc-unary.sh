#!/bin/bash
# gRPC unary calls, direct against through Gatehouse (a grpc service and route), in one interleaved
# run: GrpcUnaryBench (grpc-java, bench module) serves bench.Echo/Say on 127.0.0.1:9870 and loads
# CONCURRENCY calls in flight on one h2c channel for DURATION seconds per run; prints calls/s,
# p50/p99 and the gateway's overhead per call (µs, p50 through minus p50 direct).
# Gateway and echo server on core 1 / 0 as the wrk benches pin them; the client on core 0.
# Environment: DURATION (s, 10), ROUNDS (3), CONCURRENCY (50), SIZE (request bytes, 64), WARMUP (s, 60).
set -u
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10}; ROUNDS=${ROUNDS:-3}; CONCURRENCY=${CONCURRENCY:-50}; SIZE=${SIZE:-64}; WARMUP=${WARMUP:-60}
W=/tmp/grpc-unary; rm -rf $W; mkdir -p $W
JAVA=$(./gatehouse java-home)/bin/java
export JAVA_HOME=$(./gatehouse java-home)
# one reactor build: bench comes last, so the class path file left is bench's (siblings as their jars)
mvn -B -ntp -o -q -pl bench -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=$W/bench.cp \
  >$W/build.log 2>&1 || { cat $W/build.log; exit 1; }
CP=bench/target/classes:$(cat $W/bench.cp)
# logback without a configuration logs every HTTP/2 frame at DEBUG: warnings only
printf '<configuration><appender name="e" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%%msg%%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="e"/></root></configuration>\n' >$W/logback.xml
bench() {
  taskset -c "$1" "$JAVA" -Xms256m -Xmx512m --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=$W/logback.xml \
    -cp "$CP" io.gatehouse.bench.GrpcUnaryBench "${@:2}"
}

bench 0 server 9870 >$W/echo.log 2>&1 &
ECHO=$!
P=$W/gatehouse-prefix
GATEHOUSE_PROXY_LISTEN='127.0.0.1:9880 http2' GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9881 GATEHOUSE_STATUS_LISTEN=off \
  taskset -c 1 ./gatehouse start --prefix $P
A=localhost:9881
curl -s -o /dev/null -w "%{http_code} " $A/services -d name=echo -d url=grpc://127.0.0.1:9870
curl -s -o /dev/null -w "%{http_code}\n" $A/services/echo/routes -d 'protocols[]=grpc' -d 'paths[]=/bench.Echo/'
sleep 1

bench 0 client warm-gw 127.0.0.1:9880 "$WARMUP" "$CONCURRENCY" "$SIZE" >/dev/null
bench 0 client warm-direct 127.0.0.1:9870 5 "$CONCURRENCY" "$SIZE" >/dev/null
: > $W/rounds.txt
for r in $(seq 1 "$ROUNDS"); do
  bench 0 client direct 127.0.0.1:9870 "$DURATION" "$CONCURRENCY" "$SIZE" | tee -a $W/rounds.txt
  bench 0 client gateway 127.0.0.1:9880 "$DURATION" "$CONCURRENCY" "$SIZE" | tee -a $W/rounds.txt
done

echo; echo "medians over $ROUNDS rounds of ${DURATION}s, $CONCURRENCY calls in flight, $SIZE-byte messages:"
awk '{c[$1] = c[$1] " " $2; p50[$1] = p50[$1] " " $3; p99[$1] = p99[$1] " " $4; err[$1] += $5}
  function med(s,   a, n, i, j, t) { n = split(s, a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
      if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }; return a[int((n + 1) / 2)] }
  END {
    printf "%-8s %10s %9s %9s %7s\n", "target", "calls/s", "p50 us", "p99 us", "errors"
    for (t in c) if (t == "direct" || t == "gateway") printf "%-8s %10.0f %9d %9d %7d\n", t, med(c[t]), med(p50[t]), med(p99[t]), err[t]
    printf "overhead per call: %d us at p50, %d us at p99; gateway/direct calls/s %.2f\n",
      med(p50["gateway"]) - med(p50["direct"]), med(p99["gateway"]) - med(p99["direct"]), med(c["gateway"]) / med(c["direct"])
  }' $W/rounds.txt | tee $W/summary.txt

./gatehouse stop --prefix $P
pkill -P $ECHO; kill $ECHO 2>/dev/null # the function's subshell, then its java
