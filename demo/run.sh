#!/usr/bin/env bash
# Runs Mosaic with the embedded demo upstreams on 127.0.0.1. Ctrl-C or SIGTERM stops everything.
#   Mosaic:        http://127.0.0.1:${SERVER_PORT:-8080}
#   Demo upstreams: monolith :8081, visual-design :8082, translations :8083 (DEMO_*_PORT to change)
# A port already in use, a process that does not get ready or one that stops on its own ends the demo with an
# error and a non-zero exit status, after stopping the others.
set -euo pipefail
cd "$(dirname "$0")/.."

. .ci/select-jdk.sh
mosaic_select_jdk

export DEMO_MONOLITH_PORT="${DEMO_MONOLITH_PORT:-8081}"
export DEMO_VISUAL_DESIGN_PORT="${DEMO_VISUAL_DESIGN_PORT:-8082}"
export DEMO_TRANSLATIONS_PORT="${DEMO_TRANSLATIONS_PORT:-8083}"
port="${SERVER_PORT:-8080}"

fail() {
  echo "error: $*" >&2
  exit 1
}

command -v curl >/dev/null 2>&1 || fail "curl is needed to see when the demo is ready; install it"

# Something else on one of the ports would answer in place of the demo: refuse to start (before building).
for p in "$port" "$DEMO_MONOLITH_PORT" "$DEMO_VISUAL_DESIGN_PORT" "$DEMO_TRANSLATIONS_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    fail "port $p on 127.0.0.1 is already in use; stop what listens there, or choose other ports with" \
      "SERVER_PORT and DEMO_MONOLITH_PORT, DEMO_VISUAL_DESIGN_PORT, DEMO_TRANSLATIONS_PORT"
  fi
done

if [ "${MOSAIC_DEMO_SKIP_BUILD:-}" != "true" ]; then
  echo "Building (./mvnw -B -q -DskipTests package) ..."
  ./mvnw -B -q -DskipTests package
fi

export MOSAIC_UPSTREAMS_MONOLITH_URI="http://127.0.0.1:$DEMO_MONOLITH_PORT"
export MOSAIC_UPSTREAMS_DESIGNS_URI="http://127.0.0.1:$DEMO_VISUAL_DESIGN_PORT"
export MOSAIC_UPSTREAMS_TRANSLATIONS_URI="http://127.0.0.1:$DEMO_TRANSLATIONS_PORT"
# Flags come from config/unleash-bootstrap.json (alice composed, everyone else direct). The SDK's backup file
# would win over it, so the demo keeps its own and starts it fresh.
mkdir -p .demo
rm -f .demo/unleash-backup.json
export MOSAIC_UNLEASH_BACKUP_dash_FILE="$PWD/.demo/unleash-backup.json"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

# wait_ready NAME PID URL SECONDS: until URL answers 2xx; fails if the process stops or the time runs out.
wait_ready() {
  local name=$1 pid=$2 url=$3 seconds=$4 status=0
  for _ in $(seq 1 $((seconds * 10))); do
    curl -sf -o /dev/null "$url" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" || status=$?
      fail "$name stopped (exit status $status) before it was ready; its log is above"
    fi
    sleep 0.1
  done
  fail "$name was not ready within $seconds s ($url)"
}

"$JAVA_HOME/bin/java" -jar demo/target/mosaic-demo.jar &
pids+=($!)
wait_ready "the demo upstreams" "$!" "http://127.0.0.1:$DEMO_MONOLITH_PORT/deployables/1" 30

"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir="$PWD/.demo" -jar bff/target/mosaic.jar &
pids+=($!)
wait_ready "Mosaic" "$!" "http://127.0.0.1:$port/observe/health/ready" 30

cat <<MSG

Mosaic is running. Try:
  curl -s -D- -H 'X-User-Id: alice' http://127.0.0.1:$port/api/deployables/42
  curl -s -D- -H 'X-User-Id: bob'   http://127.0.0.1:$port/api/deployables/42
Press Ctrl-C to stop.
MSG
status=0
wait -n "${pids[@]}" || status=$?
fail "a demo process stopped on its own (exit status $status); stopping the others"
