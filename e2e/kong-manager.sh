#!/usr/bin/env bash
# e2e/kong-manager.sh: builds Kong Manager OSS from Kong's public repository (Kong/kong-manager) and runs ITS OWN
# Playwright e2e specs, in Debian's headless Chromium, against Gatehouse nodes. Not run in CI (it needs the npm
# registry, a copy of the repository and several minutes); docs/kong-manager.md has the results and the reason for
# each failure.
#
#   e2e/kong-manager.sh [SUITE...]        suites as Kong's CI matrix names them (default: all of them)
#   e2e/kong-manager.sh SUITE/FILE.spec.ts one spec file of a suite alone (to rerun a failure)
#
# Environment:
#   KM_GIT_DIR   a git directory of Kong/kong-manager (a bare mirror or a clone's .git)   [required unless KM_SRC]
#   KM_SRC       an already extracted source tree to use instead of KM_GIT_DIR
#   KM_REF       the tag to build (default v3.9.0.0: Kong Manager as shipped with Kong 3.9)
#   KM_WORK      the work directory, outside the repository (default /tmp/gatehouse-kong-manager)
#   KM_CHROMIUM  the browser (default /usr/bin/chromium; Playwright downloads none)
#   KM_RETRIES   Playwright retries per test (default 0, as Kong's CI)
#   KM_GREP      only the tests whose title matches (Playwright's --grep), e.g. to run the ones a failure skipped
#
# Kong's CI (.github/workflows/.reusable_e2e_tests_oss.yml) runs one fresh Kong per suite, with the GUI URL in
# KM_TEST_GUI_URL and the Admin API in KM_TEST_API_URL; this script does the same with a fresh Gatehouse node per suite
# (admin_gui_url set to the GUI's origin so the Admin API's CORS admits it) and the built GUI served by a small static
# server with the kconfig.js that Kong's admin_gui would generate (ADMIN_API_URL pointing at the node).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KM_REF=${KM_REF:-v3.9.0.0}
KM_WORK=${KM_WORK:-/tmp/gatehouse-kong-manager}
KM_CHROMIUM=${KM_CHROMIUM:-/usr/bin/chromium}
KM_RETRIES=${KM_RETRIES:-0}
SRC=$KM_WORK/src
RESULTS=$KM_WORK/results
PNPM=(npx -y pnpm@9.9.0) # the version in its package.json's packageManager
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 HUSKY=0 DISABLE_BASE_PATH=true
# Kong's CI matrix (data-plane-nodes is commented out there: it needs hybrid mode)
ALL_SUITES=(consumers certificates ca-certificates keys key-sets misc plugins routes services snis upstreams vaults
  routes-expressions)

die() { echo "kong-manager: $*" >&2; exit 1; }
log() { echo "kong-manager: $*" >&2; }

# --- 1. sources ----------------------------------------------------------------------------------------------------
prepare_sources() {
  [ -f "$SRC/.km-ref" ] && [ "$(cat "$SRC/.km-ref")" = "$KM_REF" ] && return 0
  rm -rf "$SRC" && mkdir -p "$SRC"
  if [ -n "${KM_SRC:-}" ]; then
    cp -a "$KM_SRC/." "$SRC/"
  else
    [ -n "${KM_GIT_DIR:-}" ] || die "set KM_GIT_DIR to a git directory of Kong/kong-manager (or KM_SRC to a source tree)"
    git --git-dir="$KM_GIT_DIR" archive "$KM_REF" | tar -x -C "$SRC"
  fi
  echo "$KM_REF" >"$SRC/.km-ref"
}

# --- 2. dependencies and build ---------------------------------------------------------------------------------------
# The tag's lockfile names @kong-ui-public versions the registry no longer serves (404), so: no lockfile, the three
# exact pins (entities-plugins 9.7.0, entities-routes 3.8.58, forms 4.8.2) become ^ranges, and direct dependencies
# resolve to the LOWEST version the registry still has in range (pnpm's resolution-mode=lowest-direct): the closest
# to what the tag shipped. Its .npmrc (a private-registry token line) is dropped.
build_gui() {
  [ -f "$SRC/dist/index.html" ] && return 0
  (
    cd "$SRC"
    rm -f pnpm-lock.yaml .npmrc
    node -e '
      const fs = require("fs"); const p = JSON.parse(fs.readFileSync("package.json"));
      for (const k of ["dependencies", "devDependencies"])
        for (const [n, v] of Object.entries(p[k] || {}))
          if (n.startsWith("@kong-ui-public/") && /^\d/.test(v)) { p[k][n] = "^" + v; console.error(`  ${n} ${v} -> ^${v}`); }
      fs.writeFileSync("package.json", JSON.stringify(p, null, 2) + "\n");'
    echo "resolution-mode=lowest-direct" >.npmrc
    log "installing Kong Manager's dependencies"
    "${PNPM[@]}" install >"$KM_WORK/install.log" 2>&1 || die "pnpm install failed: $KM_WORK/install.log"
    log "building Kong Manager (vite build, base path /)"
    "${PNPM[@]}" build >"$KM_WORK/build.log" 2>&1 || die "vite build failed: $KM_WORK/build.log"
  )
}

install_e2e() {
  [ -d "$SRC/tests/playwright/node_modules/@playwright/test" ] && return 0
  log "installing the e2e specs' dependencies (their own lockfile)"
  (cd "$SRC/tests/playwright" && "${PNPM[@]}" install --frozen-lockfile) >"$KM_WORK/install-e2e.log" 2>&1 \
    || die "e2e install failed: $KM_WORK/install-e2e.log"
}

# A config beside Kong's (its specs and playwright.config.ts stay untouched): Debian's Chromium, Kong CI's retries,
# a list reporter, one JUnit file and one artifacts directory per suite (Playwright empties its output directory when
# it starts, so two runs sharing one break each other's traces).
write_playwright_config() {
  cat >"$SRC/tests/playwright/gatehouse.config.ts" <<'EOF'
import base from './playwright.config'

export default {
  ...base,
  retries: Number(process.env.KM_RETRIES ?? 0),
  outputDir: process.env.KM_OUTPUT ?? './test-results',
  reporter: [['list'], ['junit', { outputFile: process.env.KM_JUNIT ?? './test-results/playwright.xml' }]],
  use: { ...base.use, launchOptions: { executablePath: process.env.KM_CHROMIUM } },
}
EOF
}

# --- 3. a node and the GUI per suite --------------------------------------------------------------------------------
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# port_free PORT: whether a server could listen on PORT now (with SO_REUSEADDR, as the JVM's listeners, so the last
# suite's closed connections in TIME_WAIT do not count), waiting up to 10 s for the last node to let go of it
port_free() {
  local _
  for _ in $(seq 1 20); do
    python3 -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); s.close()' "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}

NODE_PREFIX="" NODE_CONF="" GUI_PID=""
stop_all() {
  if [ -n "$GUI_PID" ]; then kill "$GUI_PID" 2>/dev/null || true; wait "$GUI_PID" 2>/dev/null || true; fi
  GUI_PID=""
  if [ -n "$NODE_PREFIX" ]; then "$ROOT/gatehouse" quit -c "$NODE_CONF" --prefix "$NODE_PREFIX" >/dev/null 2>&1 || true; fi
  NODE_PREFIX=""
}
trap stop_all EXIT

# start_suite SUITE: a fresh node (router_flavor = expressions for routes-expressions, as Kong's CI) and the GUI
start_suite() {
  local suite=${1%%/*} flavor=traditional_compatible
  [ "$suite" = routes-expressions ] && flavor=expressions
  # The Admin API on Kong's default http://localhost:8001 when that port is free: one spec (upstreams/02, hybrid mode)
  # intercepts the GUI's GET http://localhost:8001/ by that literal URL, whatever KM_TEST_API_URL says.
  ADMIN_PORT=8001
  port_free 8001 || { ADMIN_PORT=$(free_port); log "port 8001 is taken: the Admin API on $ADMIN_PORT (upstreams/02's hybrid-mode test will fail)"; }
  GUI_PORT=$(free_port)
  NODE_PREFIX=$KM_WORK/nodes/$suite
  NODE_CONF=$KM_WORK/nodes/$suite.conf
  rm -rf "$NODE_PREFIX" && mkdir -p "$KM_WORK/nodes"
  cat >"$NODE_CONF" <<EOF
proxy_listen = 127.0.0.1:$(free_port)
admin_listen = 127.0.0.1:$ADMIN_PORT
status_listen = off
admin_gui_url = http://127.0.0.1:$GUI_PORT
router_flavor = $flavor
anonymous_reports = off
EOF
  "$ROOT/gatehouse" start -c "$NODE_CONF" --prefix "$NODE_PREFIX" >/dev/null
  # the built GUI, with the /kconfig.js that Kong's admin_gui generates (kong/admin_gui/init.lua generate_kconfig) and
  # every other unknown path answered with index.html (its router uses HTML5 history), as Kong's admin_gui does
  KM_ADMIN_URL=http://localhost:$ADMIN_PORT python3 - "$SRC/dist" "$GUI_PORT" >"$KM_WORK/gui-$suite.log" 2>&1 <<'PY' &
import functools, http.server, os, sys
root, port, admin = sys.argv[1], int(sys.argv[2]), os.environ["KM_ADMIN_URL"]
kconfig = ("window.K_CONFIG = {\n  'ADMIN_GUI_PATH': '/',\n  'ADMIN_API_URL': '%s',\n  'ANONYMOUS_REPORTS': 'false'\n}\n" % admin).encode()
class Gui(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/kconfig.js":
            self.send_response(200)
            self.send_header("Content-Type", "application/javascript")
            self.send_header("Content-Length", str(len(kconfig)))
            self.end_headers()
            self.wfile.write(kconfig)
            return
        if not os.path.isfile(os.path.join(root, path.lstrip("/"))):
            self.path = "/index.html"
        super().do_GET()
http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Gui, directory=root)).serve_forever()
PY
  GUI_PID=$!
  for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$GUI_PORT/kconfig.js" 2>/dev/null && return 0
    sleep 0.5
  done
  die "the GUI did not come up on port $GUI_PORT ($KM_WORK/gui-$suite.log)"
}

# run_suite SUITE: a suite's specs (or, for SUITE/FILE.spec.ts, that one file); results named after it with / as _
run_suite() {
  local suite=$1 name=${1//\//_} target=specs/$1
  [ -e "$SRC/tests/playwright/$target" ] || { log "no $target in $KM_REF: skipped"; return 0; }
  [ -d "$SRC/tests/playwright/$target" ] && target+=/ # a filter: specs/routes alone would match routes-expressions
  start_suite "$suite"
  log "suite $suite: node admin :$ADMIN_PORT, GUI :$GUI_PORT"
  (
    cd "$SRC/tests/playwright"
    KM_TEST_GUI_URL=http://127.0.0.1:$GUI_PORT KM_TEST_API_URL=http://localhost:$ADMIN_PORT KM_CHROMIUM=$KM_CHROMIUM \
      KM_RETRIES=$KM_RETRIES KM_JUNIT=$RESULTS/$name.xml KM_OUTPUT=$RESULTS/$name-artifacts \
      "${PNPM[@]}" exec playwright test -c gatehouse.config.ts ${KM_GREP:+--grep "$KM_GREP"} "$target"
  ) >"$RESULTS/$name.log" 2>&1 || true
  stop_all
}

# --- 4. the table: pass/fail per spec file, from the JUnit files ------------------------------------------------------
summary() {
  python3 - "$RESULTS" "$@" <<'EOF'
import os, sys, xml.etree.ElementTree as ET
tp = tf = ts = 0
print("| spec file | passed | failed | skipped |")
print("|---|---|---|---|")
for f in [os.path.join(sys.argv[1], suite.replace("/", "_") + ".xml") for suite in sys.argv[2:]]:
    if not os.path.exists(f):
        continue
    for s in ET.parse(f).getroot().iter("testsuite"):
        n, fail, skip = int(s.get("tests", 0)), int(s.get("failures", 0)) + int(s.get("errors", 0)), int(s.get("skipped", 0))
        p = n - fail - skip
        tp, tf, ts = tp + p, tf + fail, ts + skip
        print(f"| {s.get('name')} | {p} | {fail} | {skip} |")
print(f"| **total** | **{tp}** | **{tf}** | **{ts}** |")
print(f"\n{tp} passed, {tf} failed, {ts} skipped")
EOF
}

command -v node >/dev/null || die "needs Node.js 18+ and npm (apt-get install nodejs npm)"
[ -x "$KM_CHROMIUM" ] || die "no browser at $KM_CHROMIUM (apt-get install chromium)"
mkdir -p "$KM_WORK" "$RESULTS"
prepare_sources
build_gui
install_e2e
write_playwright_config
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=("${ALL_SUITES[@]}")
for suite in "${suites[@]}"; do
  rm -f "$RESULTS/${suite//\//_}.xml"
  run_suite "$suite"
done
summary "${suites[@]}"
