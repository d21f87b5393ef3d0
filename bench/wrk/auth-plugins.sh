#!/usr/bin/env bash
# Issue 16's speed check: the cost of authenticating, per plugin, against the same route without one.
# One Gatehouse node, four routes to the same upstream, interleaved rounds (plain key hmac oidc, ...):
#   plain   no plugin
#   key     key-auth (the reference: a map lookup)
#   hmac    hmac-auth, hmac-sha256 over "date" and the request line
#   oidc    openid-connect, auth_methods=bearer, an RS256 JWT checked against the JWKS of a local
#           static provider (python3 -m http.server): fetched once on the first request, then cached
# Prints req/s per route (median, min, max over the rounds), non-2xx counts and the ratio to plain.
# The hmac Authorization and Date headers are computed right before each wrk run, so a run shorter
# than hmac-auth's clock_skew (300 s) stays valid; bench/wrk/auth-plugins.lua sets the headers.
#
#   bench/wrk/auth-plugins.sh [-d SEC] [-r ROUNDS] [-c CONNS] [-w WARMUP_SEC]   defaults 15 3 50 10
#   bench/wrk/auth-plugins.sh --check      set up, check the four routes (and a refusal each), no load
#
# Needs wrk, curl, openssl, python3 and the shared harness (BENCH, default /work/shared/bench) for the
# origin on 9000. Starts: the origin (if not running), the static provider on a free port, Gatehouse
# from this worktree pinned to core ${PROXY_CPU:-1} on 9890 (admin 9891, status 9892, prefix under
# /tmp/gh-auth-bench); wrk runs on core ${WRK_CPU:-0}. Stops what it started.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH=${BENCH:-/work/shared/bench}
RUN=${AUTH_BENCH_DIR:-/tmp/gh-auth-bench}
PREFIX=$RUN/prefix
ADMIN=http://127.0.0.1:9891
PROXY=http://127.0.0.1:9890
DURATION=15 ROUNDS=3 CONNS=50 WARMUP=10 CHECK=0
TARGETS=(plain key hmac oidc)
die() { echo "auth-plugins.sh: $*" >&2; exit 2; }
while (($#)); do
  case $1 in
    -d) DURATION=${2:?}; shift 2 ;;
    -r) ROUNDS=${2:?}; shift 2 ;;
    -c) CONNS=${2:?}; shift 2 ;;
    -w) WARMUP=${2:?}; shift 2 ;;
    --check) CHECK=1; shift ;;
    *) die "unknown option $1 (see the head of this file)" ;;
  esac
done
((DURATION < 290 && WARMUP < 290)) || die "runs must stay shorter than hmac-auth's clock_skew (300 s)"
for tool in wrk curl openssl python3; do command -v $tool >/dev/null || die "$tool not found"; done

rm -rf "$RUN" # a database left by an earlier run would answer 409 to the set-up below
mkdir -p "$RUN/idp/.well-known"
started_origin=0 idp_pid=""
cleanup() {
  GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9891 "$ROOT/gatehouse" stop --prefix "$PREFIX" >/dev/null 2>&1 || true
  if [[ -n $idp_pid ]]; then kill "$idp_pid" 2>/dev/null || true; fi
  if [[ $started_origin == 1 ]]; then "$BENCH/peers.sh" stop origin >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if ! curl -sf -o /dev/null http://127.0.0.1:9000/anything; then
  "$BENCH/peers.sh" start origin
  started_origin=1
fi

# --- the provider: an RSA key, its JWKS and a discovery document, served as static files ----------
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
IDP_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ISSUER=http://127.0.0.1:$IDP_PORT
openssl genrsa -out "$RUN/rsa.pem" 2048 2>/dev/null
N=$(openssl rsa -in "$RUN/rsa.pem" -noout -modulus | cut -d= -f2 | xxd -r -p | b64url)
printf '{"keys":[{"kty":"RSA","kid":"bench-1","alg":"RS256","use":"sig","n":"%s","e":"AQAB"}]}' "$N" > "$RUN/idp/jwks.json"
printf '{"issuer":"%s","jwks_uri":"%s/jwks.json","id_token_signing_alg_values_supported":["RS256"]}' \
  "$ISSUER" "$ISSUER" > "$RUN/idp/.well-known/openid-configuration"
(cd "$RUN/idp" && exec python3 -m http.server --bind 127.0.0.1 "$IDP_PORT") >"$RUN/idp.log" 2>&1 &
idp_pid=$!
header=$(printf '{"alg":"RS256","typ":"JWT","kid":"bench-1"}' | b64url)
claims=$(printf '{"iss":"%s","sub":"bench","iat":%d,"exp":%d}' "$ISSUER" "$(date +%s)" "$(( $(date +%s) + 86400 ))" | b64url)
signature=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$RUN/rsa.pem" -binary | b64url)
TOKEN=$header.$claims.$signature

# --- the node and its four routes ----------------------------------------------------------------
GATEHOUSE_PROXY_LISTEN=127.0.0.1:9890 GATEHOUSE_ADMIN_LISTEN=127.0.0.1:9891 \
  GATEHOUSE_STATUS_LISTEN=127.0.0.1:9892 taskset -c "${PROXY_CPU:-1}" "$ROOT/gatehouse" start --prefix "$PREFIX"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$ADMIN/status" && break; sleep 0.5; done
post() { curl -sf -o /dev/null -X POST "$ADMIN$1" "${@:2}" || die "POST $1 failed"; }
for t in "${TARGETS[@]}"; do
  post /services -d name=$t -d url=http://127.0.0.1:9000
  post /services/$t/routes -d name=$t -d "paths[]=/$t"
done
post /consumers -d username=bench
post /consumers/bench/key-auth -d key=bench-key
post /consumers/bench/hmac-auth -d username=bench -d secret=bench-secret
post /routes/key/plugins -d name=key-auth
post /routes/hmac/plugins -d name=hmac-auth -d 'config.enforce_headers[]=date' -d 'config.enforce_headers[]=request-line'
post /routes/oidc/plugins -d name=openid-connect -d config.issuer="$ISSUER" -d 'config.auth_methods[]=bearer'

# The headers of one target, "Name: value" per line; hmac's are signed now, for the run about to start.
headers_for() {
  case $1 in
    key) echo "apikey: bench-key" ;;
    hmac)
      local date sig
      date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
      sig=$(printf 'date: %s\nGET /hmac/anything HTTP/1.1' "$date" | openssl dgst -sha256 -hmac bench-secret -binary | base64 -w0)
      printf 'Date: %s\nAuthorization: hmac username="bench", algorithm="hmac-sha256", headers="date request-line", signature="%s"\n' "$date" "$sig" ;;
    oidc) echo "Authorization: Bearer $TOKEN" ;;
  esac
}
curl_with() { # target, then curl options; prints the status
  local args=() line
  while IFS= read -r line; do [[ -n $line ]] && args+=(-H "$line"); done < <(headers_for "$1")
  curl -s -o /dev/null -w '%{http_code}' "${args[@]}" "${@:2}" "$PROXY/$1/anything"
}
for t in "${TARGETS[@]}"; do
  for _ in $(seq 1 100); do [[ $(curl_with $t) == 200 ]] && break; sleep 0.2; done
  [[ $(curl_with $t) == 200 ]] || die "$t does not answer 200 with its credentials"
  if [[ $t != plain ]]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' "$PROXY/$t/anything")
    [[ $code == 401 ]] || die "$t answers $code without credentials (plugin not active?)"
  fi
done
[[ $(grep -c 'GET /jwks.json' "$RUN/idp.log") == 1 ]] || die "the JWKS was not fetched exactly once"
if [[ $CHECK == 1 ]]; then
  echo "auth-plugins.sh: plain, key, hmac and oidc answer 200 with credentials, 401 without"
  exit 0
fi

# --- load: wrk per target, interleaved ----------------------------------------------------------
run_wrk() { # target seconds -> "req/s non2xx"
  local out
  out=$(AUTH_HEADERS=$(headers_for "$1") taskset -c "${WRK_CPU:-0}" wrk -t1 -c"$CONNS" -d"$2"s \
    -s "$ROOT/bench/wrk/auth-plugins.lua" "$PROXY/$1/anything")
  echo "$out" > "$RUN/wrk-$1-$(date +%s%N).txt"
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") $(awk '/Non-2xx/ {print $NF}' <<<"$out" | grep . || echo 0)"
}
for t in "${TARGETS[@]}"; do run_wrk "$t" "$WARMUP" >/dev/null; done
declare -A RPS=() BAD=()
for r in $(seq 1 "$ROUNDS"); do
  for t in "${TARGETS[@]}"; do
    read -r rps bad < <(run_wrk "$t" "$DURATION")
    RPS[$t]+="$rps "
    BAD[$t]=$(( ${BAD[$t]:-0} + bad ))
    echo "round $r $t: $rps req/s, $bad non-2xx"
    sleep 1
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
base=$(median <<<"${RPS[plain]}")
printf '\n%-6s %10s %10s %10s %8s %8s\n' target "req/s" min max non-2xx "/plain"
for t in "${TARGETS[@]}"; do
  m=$(median <<<"${RPS[$t]}")
  printf '%-6s %10.0f %10.0f %10.0f %8d %8.2f\n' "$t" "$m" \
    "$(tr ' ' '\n' <<<"${RPS[$t]}" | grep . | sort -g | head -1)" "$(tr ' ' '\n' <<<"${RPS[$t]}" | grep . | sort -g | tail -1)" \
    "${BAD[$t]}" "$(awk -v a="$m" -v b="$base" 'BEGIN {print a / b}')"
done
echo "JWKS fetches during the whole run: $(grep -c 'GET /jwks.json' "$RUN/idp.log")"
