#!/usr/bin/env bash
# End-to-end test of Mosaic's per-user routing against a real Unleash server.
#
#   bash e2e/unleash-e2e.sh                 full scenario (Unleash + demo upstreams + Mosaic)
#   bash e2e/unleash-e2e.sh --unleash-only  only the Unleash part (database, server, admin and client API)
#
# What it does:
#   - makes sure PostgreSQL (Debian package) runs, and recreates a fresh database;
#   - installs the pinned unleash-server (e2e/unleash/package-lock.json) with `npm ci`;
#   - starts Unleash on 127.0.0.1 with seeded admin and backend tokens;
#   - creates the flag `mosaic.composed` (flexibleRollout 100% + constraint userId IN [alice])
#     in the `development` environment and switches it on;
#   - starts the demo upstreams and Mosaic without a bootstrap file, so that its flags can come only
#     from Unleash, waits until its readiness says so, and checks the `Mosaic-Path` response header
#     for alice (composed) and bob (direct);
#   - widens the constraint to [alice, bob] and measures how long Mosaic takes to route bob
#     to the composed path, without a restart;
#   - stops Unleash and checks that Mosaic keeps its last decisions.
# Everything listens on 127.0.0.1 only. Every process the script starts is stopped by PID on
# exit, also on failure; PostgreSQL is stopped only if this script started it.
# Logs go to e2e/target/unleash-e2e/; on failure the tail of each log is printed.

set -Eeuo pipefail

# ------------------------------------------------------------------------------------------
# Configuration: names, ports, tokens and paths, all in one place.
# Every value can be overridden from the environment (MOSAIC_E2E_*).
# ------------------------------------------------------------------------------------------
E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$E2E_DIR/.." && pwd)"
UNLEASH_DIR="$E2E_DIR/unleash"
RUN_DIR="$E2E_DIR/target/unleash-e2e"            # logs, pid files, Mosaic's tmp dir and backup file

BIND_HOST=127.0.0.1

# PostgreSQL
PG_VERSION_WANTED="${MOSAIC_E2E_PG_VERSION:-}"   # empty: whatever cluster Debian has (15 on Debian 12)
DB_NAME="${MOSAIC_E2E_DB_NAME:-mosaic_e2e_unleash}"
DB_USER="${MOSAIC_E2E_DB_USER:-mosaic_e2e}"
DB_PASSWORD="${MOSAIC_E2E_DB_PASSWORD:-mosaic_e2e}"

# Unleash
UNLEASH_PORT="${MOSAIC_E2E_UNLEASH_PORT:-4242}"
UNLEASH_BASE="http://$BIND_HOST:$UNLEASH_PORT"
UNLEASH_ADMIN_TOKEN="${MOSAIC_E2E_UNLEASH_ADMIN_TOKEN:-*:*.mosaic-e2e-admin-token}"
UNLEASH_BACKEND_TOKEN="${MOSAIC_E2E_UNLEASH_BACKEND_TOKEN:-default:development.mosaic-e2e-backend-token}"
UNLEASH_PROJECT=default
UNLEASH_ENVIRONMENT=development                  # must match the environment of the backend token
FLAG_NAME="${MOSAIC_E2E_FLAG:-mosaic.composed}"

# Demo upstreams (non-default ports, so a running demo does not clash)
DEMO_JAR="${MOSAIC_E2E_DEMO_JAR:-$REPO_ROOT/demo/target/mosaic-demo.jar}"
DEMO_MONOLITH_PORT="${MOSAIC_E2E_DEMO_MONOLITH_PORT:-18081}"
DEMO_VISUAL_DESIGN_PORT="${MOSAIC_E2E_DEMO_VISUAL_DESIGN_PORT:-18082}"
DEMO_TRANSLATIONS_PORT="${MOSAIC_E2E_DEMO_TRANSLATIONS_PORT:-18083}"
DEMO_READY_PATH="/deployables/1?skipExternal=true"

# Mosaic
MOSAIC_JAR="${MOSAIC_E2E_MOSAIC_JAR:-$REPO_ROOT/bff/target/mosaic.jar}"
MOSAIC_PORT="${MOSAIC_E2E_MOSAIC_PORT:-18080}"
MOSAIC_READY_PATH="/observe/health/live"
MOSAIC_FLAGS_PATH="/observe/health/ready"        # "flags":"server" once Unleash has answered
MOSAIC_PROBE_PATH="/api/deployables/42"
MOSAIC_USER_HEADER="X-User-Id"
MOSAIC_PATH_HEADER="Mosaic-Path"
MOSAIC_APP_NAME=mosaic-e2e
MOSAIC_INSTANCE_ID=e2e-1
MOSAIC_REFRESH_INTERVAL=PT1S
MOSAIC_BACKUP_FILE="$RUN_DIR/unleash-backup.json"
MOSAIC_JAVA_OPTS=(--enable-native-access=ALL-UNNAMED "-Djava.io.tmpdir=$RUN_DIR/tmp")
# 1: a non-2xx answer from Mosaic fails the test; 0: it is only reported as a warning.
STRICT_STATUS="${MOSAIC_E2E_STRICT_STATUS:-1}"

# Deadlines, in seconds
PG_READY_DEADLINE=30
UNLEASH_READY_DEADLINE=120                       # first start runs all database migrations
CLIENT_API_DEADLINE=15
DEMO_READY_DEADLINE=30
MOSAIC_READY_DEADLINE=30
FIRST_COMPOSED_DEADLINE=20
CONSTRAINT_UPDATE_DEADLINE=10
STOP_DEADLINE=15
OFFLINE_CHECK_ROUNDS=4                           # one round per second: ~3 s of checks
HTTP_TIMEOUT=5                                   # per request

# ------------------------------------------------------------------------------------------
MODE=full
for arg in "$@"; do
  case "$arg" in
    --unleash-only) MODE=unleash-only ;;
    -h|--help)
      sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

PASSED=0
FAILED=0
STARTED_PIDS=()          # "name:pid", in start order
PG_STARTED_BY_US=0
PG_VERSION=""
PG_CLUSTER=""
PG_PORT=""
JAVA_BIN=""
STRATEGY_ID=""
LAST_BODY="$RUN_DIR/last-response.json"

log()  { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
pass() { PASSED=$((PASSED + 1)); printf 'PASS: %s\n' "$*"; }
warn() { printf 'WARN: %s\n' "$*"; }
fail() {
  FAILED=$((FAILED + 1))
  printf 'FAIL: %s\n' "$*"
  exit 1
}

now_ms() {
  local t="${EPOCHREALTIME/[.,]/}"
  echo $((10#$t / 1000))
}
seconds_since() { # start_ms -> "1.234"
  local d=$(( $(now_ms) - $1 ))
  printf '%d.%03d' $((d / 1000)) $((d % 1000))
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"
  else echo "need root for: $*" >&2; return 1
  fi
}
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@")
  elif command -v sudo >/dev/null 2>&1; then (cd / && sudo -n -u postgres "$@")
  else echo "need root or sudo to run as postgres: $*" >&2; return 1
  fi
}

# --- process handling ----------------------------------------------------------------------
is_alive() { # pid -> 0 while the process exists and is not a zombie
  local pid=$1 state
  [ -r "/proc/$pid/stat" ] || return 1
  state="$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null || echo X)"
  [ "$state" != Z ] && [ "$state" != X ]
}

stop_pid() { # name pid: TERM, wait with a deadline, then KILL
  local name=$1 pid=$2 deadline
  if ! is_alive "$pid"; then
    wait "$pid" 2>/dev/null || true
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(now_ms) + STOP_DEADLINE * 1000 ))
  while is_alive "$pid" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.2; done
  if is_alive "$pid"; then
    log "$name (pid $pid) did not stop within ${STOP_DEADLINE}s, sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$(( $(now_ms) + 5000 ))
    while is_alive "$pid" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.2; done
  fi
  wait "$pid" 2>/dev/null || true
  if is_alive "$pid"; then
    log "$name (pid $pid) is still running"
    return 1
  fi
  log "stopped $name (pid $pid)"
}

forget_pid() { # name: drop it from STARTED_PIDS and its pid file
  local name=$1 entry keep=()
  for entry in "${STARTED_PIDS[@]}"; do
    [ "${entry%%:*}" = "$name" ] || keep+=("$entry")
  done
  STARTED_PIDS=("${keep[@]}")
  rm -f "$RUN_DIR/$name.pid"
}

pid_of() { # name -> pid
  local name=$1 entry
  for entry in "${STARTED_PIDS[@]}"; do
    if [ "${entry%%:*}" = "$name" ]; then echo "${entry#*:}"; return 0; fi
  done
  return 1
}

start_bg() { # name workdir cmd... (environment is inherited; stdin from /dev/null)
  local name=$1 dir=$2; shift 2
  (cd "$dir" && exec "$@") </dev/null >"$RUN_DIR/$name.log" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("$name:$pid")
  echo "$pid" >"$RUN_DIR/$name.pid"
  log "started $name (pid $pid), log: ${RUN_DIR#"$REPO_ROOT"/}/$name.log"
}

# A previous run that was killed hard may have left its processes behind: stop those, by the
# PIDs it recorded, and only if the PID still runs the same program.
stop_leftovers() {
  local f name pid marker
  [ -d "$RUN_DIR" ] || return 0
  for f in "$RUN_DIR"/*.pid; do
    [ -e "$f" ] || continue
    name="$(basename "$f" .pid)"
    pid="$(cat "$f" 2>/dev/null || true)"
    case "$name" in
      unleash) marker="server.mjs" ;;
      demo) marker="mosaic-demo.jar" ;;
      mosaic) marker="mosaic.jar" ;;
      *) marker="" ;;
    esac
    if [ -n "$pid" ] && [ -n "$marker" ] && [ -r "/proc/$pid/cmdline" ] \
       && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$marker"; then
      log "stopping $name left over from an earlier run (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      local deadline=$(( $(now_ms) + STOP_DEADLINE * 1000 ))
      while is_alive "$pid" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.2; done
      if is_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$f"
  done
}

print_log_tails() {
  local f
  for f in "$RUN_DIR"/*.log; do
    [ -s "$f" ] || continue
    echo "----- last 40 lines of ${f#"$REPO_ROOT"/} -----"
    tail -n 40 "$f" | sed 's/\x1b\[[0-9;]*m//g' || true
  done
  if [ -n "$PG_VERSION" ] && [ -r "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log" ]; then
    echo "----- last 20 lines of /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log -----"
    tail -n 20 "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log" || true
  fi
}

cleanup() {
  local rc=$? i entry
  trap - EXIT ERR INT TERM
  set +e
  if [ "$rc" -ne 0 ]; then
    [ "$FAILED" -gt 0 ] || FAILED=$((FAILED + 1))
    print_log_tails
  fi
  # stop in reverse start order: Mosaic, demo upstreams, Unleash
  for (( i=${#STARTED_PIDS[@]}-1; i>=0; i-- )); do
    entry="${STARTED_PIDS[$i]}"
    stop_pid "${entry%%:*}" "${entry#*:}"
    rm -f "$RUN_DIR/${entry%%:*}.pid"
  done
  if [ "$PG_STARTED_BY_US" -eq 1 ]; then
    if as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop >/dev/null 2>&1; then
      log "stopped PostgreSQL $PG_VERSION/$PG_CLUSTER (started by this script)"
    else
      log "could not stop PostgreSQL $PG_VERSION/$PG_CLUSTER"
    fi
  fi
  log "mode $MODE finished with exit status $rc; logs in ${RUN_DIR#"$REPO_ROOT"/}"
  echo "unleash-e2e: $PASSED passed, $FAILED failed"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "FAIL: unexpected error (exit $?) at line $LINENO: $BASH_COMMAND"' ERR
trap 'echo "FAIL: interrupted (SIGINT)"; exit 130' INT
trap 'echo "FAIL: terminated (SIGTERM)"; exit 143' TERM

# --- HTTP and JSON helpers -----------------------------------------------------------------
port_in_use() { (exec 3<>"/dev/tcp/$BIND_HOST/$1") 2>/dev/null; }

# http METHOD URL TOKEN [BODY] -> prints the status code; the body goes to $LAST_BODY
http() {
  local method=$1 url=$2 token=$3 body=${4-}
  local args=(-sS -o "$LAST_BODY" -w '%{http_code}' --max-time "$HTTP_TIMEOUT" -X "$method"
              -H 'Accept: application/json')
  [ -z "$token" ] || args+=(-H "Authorization: $token")
  [ -z "$body" ] || args+=(-H 'Content-Type: application/json' --data-binary "$body")
  local code
  code="$(curl "${args[@]}" "$url" 2>/dev/null)" || true
  echo "${code:-000}"
}

# shellcheck disable=SC2016 # the single-quoted programs below are JavaScript, not shell
# json_eval FILE JS-EXPRESSION -> prints the value (d is the parsed document)
json_eval() {
  node -e '
    const fs = require("fs");
    const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const r = (0, eval)("(d) => (" + process.argv[2] + ")")(d);
    process.stdout.write(typeof r === "string" ? r : JSON.stringify(r));
  ' "$1" "$2"
}

json_str_array() { # a b c -> ["a","b","c"]
  local out="" v
  for v in "$@"; do out+="${out:+,}\"$v\""; done
  printf '[%s]' "$out"
}

strategy_body() { # values... -> flexibleRollout 100% on userId, constraint userId IN [values]
  printf '{"name":"flexibleRollout","constraints":[{"contextName":"userId","operator":"IN","values":%s,"inverted":false,"caseInsensitive":false}],"parameters":{"rollout":"100","stickiness":"userId","groupId":"%s"}}' \
    "$(json_str_array "$@")" "$FLAG_NAME"
}

# shellcheck disable=SC2016 # JavaScript program in single quotes
# Checks $LAST_BODY (a GET /api/client/features answer) for the flag: enabled, exactly one
# flexibleRollout strategy at 100% on userId with the constraint userId IN [expected values].
# Prints a one-line description of what it saw; exit 0 when it matches.
client_view_matches() {
  node -e '
    const fs = require("fs");
    const [file, flag, ...expected] = process.argv.slice(1);
    const d = JSON.parse(fs.readFileSync(file, "utf8"));
    const f = (d.features || []).find((x) => x.name === flag);
    if (!f) { console.log(`flag ${flag} not in the client view`); process.exit(1); }
    const show = (f.strategies || []).map((s) =>
      `${s.name}(${JSON.stringify(s.parameters || {})} ${JSON.stringify(s.constraints || [])})`).join(", ");
    const desc = `enabled=${f.enabled} strategies=[${show}]`;
    const ok = f.enabled === true
      && (f.strategies || []).length === 1
      && (() => {
        const s = f.strategies[0];
        const p = s.parameters || {};
        const cs = s.constraints || [];
        if (s.name !== "flexibleRollout" || String(p.rollout) !== "100" || p.stickiness !== "userId") return false;
        if (cs.length !== 1) return false;
        const c = cs[0];
        const got = [...(c.values || [])].sort().join(",");
        return c.contextName === "userId" && c.operator === "IN" && !c.inverted
          && got === [...expected].sort().join(",");
      })();
    console.log(desc);
    process.exit(ok ? 0 : 1);
  ' "$LAST_BODY" "$FLAG_NAME" "$@"
}

# wait_client_view DEADLINE values... : polls the client API with the backend token
wait_client_view() {
  local deadline_s=$1; shift
  local start deadline code seen=""
  start=$(now_ms); deadline=$(( start + deadline_s * 1000 ))
  while :; do
    code="$(http GET "$UNLEASH_BASE/api/client/features" "$UNLEASH_BACKEND_TOKEN")"
    if [ "$code" = 200 ]; then
      if seen="$(client_view_matches "$@")"; then
        pass "client API (backend token) shows $FLAG_NAME: $seen (after $(seconds_since "$start")s)"
        return 0
      fi
    else
      seen="HTTP $code: $(head -c 300 "$LAST_BODY" 2>/dev/null || true)"
    fi
    [ "$(now_ms)" -lt "$deadline" ] || fail "client API did not show $FLAG_NAME with userId IN [$*] within ${deadline_s}s; last seen: $seen"
    sleep 0.25
  done
}

# mosaic_path USER -> sets REPLY_PATH and REPLY_STATUS from one request to Mosaic
REPLY_PATH=""
REPLY_STATUS=""
mosaic_path() {
  local user=$1 headers="$RUN_DIR/mosaic-headers.txt"
  : >"$headers"
  REPLY_STATUS="$(curl -s -o "$RUN_DIR/mosaic-body.json" -D "$headers" -w '%{http_code}' \
      --max-time "$HTTP_TIMEOUT" -H "$MOSAIC_USER_HEADER: $user" \
      "http://$BIND_HOST:$MOSAIC_PORT$MOSAIC_PROBE_PATH" 2>/dev/null)" || true
  REPLY_STATUS="${REPLY_STATUS:-000}"
  REPLY_PATH="$(tr -d '\r' <"$headers" | awk -v h="$MOSAIC_PATH_HEADER" '
      { n = index($0, ":"); if (n > 0 && tolower(substr($0, 1, n - 1)) == tolower(h)) { v = substr($0, n + 1); gsub(/^[ \t]+|[ \t]+$/, "", v); last = v } }
      END { print last }')"
}

check_status() {
  case "$REPLY_STATUS" in
    2??) ;;
    *) if [ "$STRICT_STATUS" = 1 ]; then fail "$1: Mosaic answered HTTP $REPLY_STATUS"
       else warn "$1: Mosaic answered HTTP $REPLY_STATUS (header checked only)"; fi ;;
  esac
}

# expect_path USER EXPECTED LABEL: one request
expect_path() {
  mosaic_path "$1"
  [ "$REPLY_PATH" = "$2" ] || fail "$3: $MOSAIC_PATH_HEADER for $1 is '${REPLY_PATH:-<none>}' (HTTP $REPLY_STATUS), expected '$2'"
  check_status "$3"
}

# wait_path USER EXPECTED DEADLINE START_MS LABEL: polls until Mosaic routes USER to EXPECTED
wait_path() {
  local user=$1 expected=$2 deadline_s=$3 start=$4 label=$5 deadline
  deadline=$(( start + deadline_s * 1000 ))
  while :; do
    mosaic_path "$user"
    if [ "$REPLY_PATH" = "$expected" ]; then
      WAIT_SECONDS="$(seconds_since "$start")"
      check_status "$label"
      return 0
    fi
    [ "$(now_ms)" -lt "$deadline" ] \
      || fail "$label: $user not routed '$expected' within ${deadline_s}s (last: '${REPLY_PATH:-<none>}', HTTP $REPLY_STATUS)"
    sleep 0.2
  done
}
WAIT_SECONDS=""

wait_http_ok() { # name url deadline_s pid-name: until the URL answers 2xx; fails early if the process died
  local name=$1 url=$2 deadline_s=$3 pname=$4 start deadline pid code rc
  start=$(now_ms); deadline=$(( start + deadline_s * 1000 ))
  pid="$(pid_of "$pname")"
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null)" || true
    case "$code" in 2??) break ;; esac
    if ! is_alive "$pid"; then
      rc=0; wait "$pid" 2>/dev/null || rc=$?
      forget_pid "$pname"
      fail "$name exited (status $rc) before it was ready (see ${RUN_DIR#"$REPO_ROOT"/}/$pname.log)"
    fi
    [ "$(now_ms)" -lt "$deadline" ] || fail "$name not ready within ${deadline_s}s: $url last answered HTTP ${code:-000}"
    sleep 0.25
  done
  READY_SECONDS="$(seconds_since "$start")"
}
READY_SECONDS=""

# --- steps ---------------------------------------------------------------------------------
prepare_run_dir() {
  mkdir -p "$RUN_DIR"
  stop_leftovers
  rm -rf "$RUN_DIR"
  mkdir -p "$RUN_DIR/tmp"
}

setup_postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1 || ! dpkg -s postgresql >/dev/null 2>&1; then
    log "installing PostgreSQL from Debian"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-cache show postgresql >/dev/null 2>&1; then
      as_root apt-get update -qq >"$RUN_DIR/apt.log" 2>&1 || fail "apt-get update (see apt.log)"
    fi
    as_root apt-get install -y -qq postgresql >>"$RUN_DIR/apt.log" 2>&1 \
      || { as_root apt-get update -qq >>"$RUN_DIR/apt.log" 2>&1 \
           && as_root apt-get install -y -qq postgresql >>"$RUN_DIR/apt.log" 2>&1; } \
      || fail "apt-get install postgresql (see apt.log)"
  fi
  local line
  if [ -n "$PG_VERSION_WANTED" ]; then
    line="$(pg_lsclusters --no-header 2>/dev/null | awk -v v="$PG_VERSION_WANTED" '$1 == v' | head -n1)"
  else
    line="$(pg_lsclusters --no-header 2>/dev/null | sort -k1,1nr | head -n1)"
  fi
  if [ -z "$line" ]; then
    local v="$PG_VERSION_WANTED"
    if [ -z "$v" ]; then
      local d
      for d in /usr/lib/postgresql/*/bin/postgres; do
        [ -x "$d" ] || continue
        d="${d#/usr/lib/postgresql/}"; d="${d%%/*}"
        if [ -z "$v" ] || [ "$d" -gt "$v" ]; then v="$d"; fi
      done
    fi
    [ -n "$v" ] || fail "no PostgreSQL server version found under /usr/lib/postgresql"
    log "creating PostgreSQL cluster $v/main"
    as_root pg_createcluster "$v" main >>"$RUN_DIR/apt.log" 2>&1 || fail "pg_createcluster $v main"
    line="$(pg_lsclusters --no-header | awk -v v="$v" '$1 == v && $2 == "main"' | head -n1)"
  fi
  read -r PG_VERSION PG_CLUSTER PG_PORT _ <<<"$line"
  if pg_lsclusters --no-header | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1 == v && $2 == c {print $4}' | grep -q online; then
    log "PostgreSQL $PG_VERSION/$PG_CLUSTER already running on port $PG_PORT"
  else
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start || fail "pg_ctlcluster $PG_VERSION $PG_CLUSTER start"
    PG_STARTED_BY_US=1
    log "started PostgreSQL $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
  fi
  local deadline=$(( $(now_ms) + PG_READY_DEADLINE * 1000 ))
  until pg_isready -q -h "$BIND_HOST" -p "$PG_PORT"; do
    [ "$(now_ms)" -lt "$deadline" ] || fail "PostgreSQL not accepting connections on $BIND_HOST:$PG_PORT within ${PG_READY_DEADLINE}s"
    sleep 0.25
  done
  local psql=(psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" -d postgres)
  as_postgres "${psql[@]}" -c "DO \$\$ BEGIN
      IF EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
        ALTER ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASSWORD';
      ELSE
        CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '$DB_PASSWORD';
      END IF;
    END \$\$;" >>"$RUN_DIR/postgres-setup.log" 2>&1 || fail "create role $DB_USER (see postgres-setup.log)"
  as_postgres "${psql[@]}" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE);" >>"$RUN_DIR/postgres-setup.log" 2>&1 \
    || fail "drop database $DB_NAME (see postgres-setup.log)"
  as_postgres "${psql[@]}" -c "CREATE DATABASE \"$DB_NAME\" OWNER \"$DB_USER\";" >>"$RUN_DIR/postgres-setup.log" 2>&1 \
    || fail "create database $DB_NAME (see postgres-setup.log)"
  PGPASSWORD="$DB_PASSWORD" psql -X -q -h "$BIND_HOST" -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" -c 'SELECT 1' >/dev/null 2>>"$RUN_DIR/postgres-setup.log" \
    || fail "cannot log in to $DB_NAME as $DB_USER over TCP (see postgres-setup.log)"
  pass "PostgreSQL $PG_VERSION/$PG_CLUSTER on $BIND_HOST:$PG_PORT, fresh database $DB_NAME"
}

setup_node_packages() {
  command -v node >/dev/null 2>&1 || fail "node not found (Node.js >= 20 is needed for unleash-server)"
  command -v npm >/dev/null 2>&1 || fail "npm not found"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [ "$major" -ge 20 ] || fail "Node.js $(node -v) is too old: unleash-server 7.5.1 needs >= 20"
  local lock_sum stamp="$UNLEASH_DIR/node_modules/.mosaic-e2e-lock.sha256"
  lock_sum="$(sha256sum "$UNLEASH_DIR/package.json" "$UNLEASH_DIR/package-lock.json" | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] && [ -f "$UNLEASH_DIR/node_modules/unleash-server/package.json" ]; then
    pass "unleash-server already installed from package-lock.json (npm ci skipped)"
  else
    local start; start=$(now_ms)
    (cd "$UNLEASH_DIR" && npm ci --no-audit --no-fund --ignore-scripts) </dev/null >"$RUN_DIR/npm-ci.log" 2>&1 \
      || fail "npm ci in e2e/unleash (see npm-ci.log)"
    echo "$lock_sum" >"$stamp"
    pass "npm ci installed unleash-server in $(seconds_since "$start")s"
  fi
  local v
  v="$(node -p 'require(process.argv[1]).version' "$UNLEASH_DIR/node_modules/unleash-server/package.json")"
  [ "$v" = "7.5.1" ] || fail "installed unleash-server is $v, expected 7.5.1"
}

start_unleash() {
  port_in_use "$UNLEASH_PORT" && fail "port $UNLEASH_PORT on $BIND_HOST is already in use (set MOSAIC_E2E_UNLEASH_PORT)"
  local start; start=$(now_ms)
  UNLEASH_PORT="$UNLEASH_PORT" \
  DATABASE_HOST="$BIND_HOST" DATABASE_PORT="$PG_PORT" DATABASE_NAME="$DB_NAME" \
  DATABASE_USERNAME="$DB_USER" DATABASE_PASSWORD="$DB_PASSWORD" DATABASE_SSL=false \
  INIT_ADMIN_API_TOKENS="$UNLEASH_ADMIN_TOKEN" INIT_BACKEND_API_TOKENS="$UNLEASH_BACKEND_TOKEN" \
  CHECK_VERSION=false SEND_TELEMETRY=false LOG_LEVEL=info \
    start_bg unleash "$UNLEASH_DIR" node server.mjs
  wait_http_ok "Unleash" "$UNLEASH_BASE/health" "$UNLEASH_READY_DEADLINE" unleash
  local code; code="$(http GET "$UNLEASH_BASE/health" "")"
  if [ "$code" != 200 ] || [ "$(json_eval "$LAST_BODY" 'd.health')" != GOOD ]; then
    fail "Unleash /health is not GOOD (HTTP $code)"
  fi
  pass "Unleash 7.5.1 healthy on $UNLEASH_BASE after $(seconds_since "$start")s (fresh database, migrations included)"
}

admin() { # METHOD PATH [BODY] -> status code (body in $LAST_BODY)
  http "$1" "$UNLEASH_BASE/api/admin$2" "$UNLEASH_ADMIN_TOKEN" "${3-}"
}

check_tokens() {
  local code
  code="$(http GET "$UNLEASH_BASE/api/client/features" "")"
  case "$code" in
    401|403) pass "client API refuses requests without a token (HTTP $code)" ;;
    *) fail "client API without a token answered HTTP $code, expected 401/403" ;;
  esac
  code="$(http GET "$UNLEASH_BASE/api/client/features" "Bearer $UNLEASH_BACKEND_TOKEN")"
  case "$code" in
    401|403) pass "client API refuses the backend token with a 'Bearer ' prefix (HTTP $code): the raw token must be sent" ;;
    200) log "note: Unleash 7.5.1 also accepts 'Authorization: Bearer <token>'; the raw token is what the test uses" ;;
    *) fail "client API with 'Bearer <token>' answered HTTP $code" ;;
  esac
  code="$(admin GET "/projects/$UNLEASH_PROJECT/overview")"
  [ "$code" = 200 ] || fail "admin API with the seeded admin token answered HTTP $code: $(head -c 300 "$LAST_BODY")"
  local envs
  envs="$(json_eval "$LAST_BODY" '(d.environments || []).map(e => typeof e === "string" ? e : e.environment).join(",")')"
  case ",$envs," in
    *",$UNLEASH_ENVIRONMENT,"*) pass "admin token works; project $UNLEASH_PROJECT has environments [$envs]" ;;
    *) fail "project $UNLEASH_PROJECT has no environment $UNLEASH_ENVIRONMENT (has: $envs)" ;;
  esac
}

create_flag() {
  local code base="/projects/$UNLEASH_PROJECT/features"
  code="$(admin POST "$base" "{\"name\":\"$FLAG_NAME\",\"type\":\"release\",\"description\":\"Route the user through Mosaic's composed path\",\"impressionData\":false}")"
  [ "$code" = 201 ] || [ "$code" = 200 ] || fail "create flag $FLAG_NAME: HTTP $code: $(head -c 300 "$LAST_BODY")"
  pass "created flag $FLAG_NAME (type release) in project $UNLEASH_PROJECT"

  # strategy first: a flag switched on without strategy is on for everyone
  code="$(admin POST "$base/$FLAG_NAME/environments/$UNLEASH_ENVIRONMENT/strategies" "$(strategy_body alice)")"
  [ "$code" = 200 ] || [ "$code" = 201 ] || fail "add strategy: HTTP $code: $(head -c 300 "$LAST_BODY")"
  STRATEGY_ID="$(json_eval "$LAST_BODY" 'd.id || ""')"
  [ -n "$STRATEGY_ID" ] || fail "add strategy: no id in the answer: $(head -c 300 "$LAST_BODY")"
  pass "added flexibleRollout (100%, stickiness userId) with constraint userId IN [alice] to $UNLEASH_ENVIRONMENT (strategy $STRATEGY_ID)"

  code="$(admin POST "$base/$FLAG_NAME/environments/$UNLEASH_ENVIRONMENT/on")"
  [ "$code" = 200 ] || fail "enable $FLAG_NAME in $UNLEASH_ENVIRONMENT: HTTP $code: $(head -c 300 "$LAST_BODY")"
  code="$(admin GET "$base/$FLAG_NAME/environments/$UNLEASH_ENVIRONMENT")"
  [ "$code" = 200 ] || fail "read back $FLAG_NAME in $UNLEASH_ENVIRONMENT: HTTP $code"
  local state
  # shellcheck disable=SC2016 # a JavaScript template literal, not shell
  state="$(json_eval "$LAST_BODY" '`enabled=${d.enabled} strategies=${(d.strategies || []).length}`')"
  [ "$state" = "enabled=true strategies=1" ] || fail "after enabling, the admin API shows $state (expected enabled=true strategies=1)"
  pass "enabled $FLAG_NAME in $UNLEASH_ENVIRONMENT ($state)"

  wait_client_view "$CLIENT_API_DEADLINE" alice
}

widen_constraint() { # -> sets WIDEN_START_MS
  local code
  WIDEN_START_MS=$(now_ms)
  code="$(admin PUT "/projects/$UNLEASH_PROJECT/features/$FLAG_NAME/environments/$UNLEASH_ENVIRONMENT/strategies/$STRATEGY_ID" "$(strategy_body alice bob)")"
  [ "$code" = 200 ] || fail "update strategy $STRATEGY_ID: HTTP $code: $(head -c 300 "$LAST_BODY")"
  pass "updated the constraint to userId IN [alice, bob] (strategy $STRATEGY_ID)"
}
WIDEN_START_MS=0

stop_unleash() {
  local pid
  pid="$(pid_of unleash)" || fail "Unleash is not running"
  stop_pid unleash "$pid" || fail "Unleash (pid $pid) did not stop"
  forget_pid unleash
  if curl -s -o /dev/null --max-time 2 "$UNLEASH_BASE/health" 2>/dev/null; then
    fail "something still answers on $UNLEASH_BASE after stopping Unleash"
  fi
  pass "Unleash stopped (pid $pid), $UNLEASH_BASE no longer answers"
}

pick_java() {
  local candidates=() c ver
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*; do [ -d "$c" ] && [ ! -L "$c" ] && candidates+=("$c"); done
  local best="" best_ver=0
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    ver="$("$c/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
    ver="${ver%%.*}"
    [[ "$ver" =~ ^[0-9]+$ ]] || continue
    if [ -n "${JAVA_HOME:-}" ] && [ "$c" = "$JAVA_HOME" ] && [ "$ver" -ge 21 ]; then
      best="$c"; best_ver="$ver"; break
    fi
    if [ "$ver" -ge 21 ] && [ "$ver" -gt "$best_ver" ]; then best="$c"; best_ver="$ver"; fi
  done
  [ -n "$best" ] || fail "no JDK >= 21 found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm/*)"
  export JAVA_HOME="$best"
  JAVA_BIN="$JAVA_HOME/bin/java"
  pass "JDK $best_ver at $JAVA_HOME"
}

build_if_needed() {
  if [ -f "$MOSAIC_JAR" ] && [ -f "$DEMO_JAR" ]; then
    pass "jars present: ${MOSAIC_JAR#"$REPO_ROOT"/}, ${DEMO_JAR#"$REPO_ROOT"/}"
    return 0
  fi
  local build=(./mvnw -B -q -DskipTests package)
  [ -x "$REPO_ROOT/mvnw" ] || build=(mvn -B -q -DskipTests package)
  log "jars missing, building: ${build[*]}"
  local start; start=$(now_ms)
  (cd "$REPO_ROOT" && "${build[@]}") </dev/null >"$RUN_DIR/build.log" 2>&1 || fail "build failed (see build.log)"
  [ -f "$MOSAIC_JAR" ] || fail "build did not produce ${MOSAIC_JAR#"$REPO_ROOT"/}"
  [ -f "$DEMO_JAR" ] || fail "build did not produce ${DEMO_JAR#"$REPO_ROOT"/}"
  pass "built the jars in $(seconds_since "$start")s"
}

start_demo() {
  local p
  for p in "$DEMO_MONOLITH_PORT" "$DEMO_VISUAL_DESIGN_PORT" "$DEMO_TRANSLATIONS_PORT"; do
    port_in_use "$p" && fail "port $p on $BIND_HOST is already in use"
  done
  DEMO_MONOLITH_PORT="$DEMO_MONOLITH_PORT" DEMO_VISUAL_DESIGN_PORT="$DEMO_VISUAL_DESIGN_PORT" \
  DEMO_TRANSLATIONS_PORT="$DEMO_TRANSLATIONS_PORT" \
    start_bg demo "$REPO_ROOT" "$JAVA_BIN" "-Djava.io.tmpdir=$RUN_DIR/tmp" -jar "$DEMO_JAR"
  wait_http_ok "demo monolith" "http://$BIND_HOST:$DEMO_MONOLITH_PORT$DEMO_READY_PATH" "$DEMO_READY_DEADLINE" demo
  local deadline=$(( $(now_ms) + 10000 ))
  for p in "$DEMO_VISUAL_DESIGN_PORT" "$DEMO_TRANSLATIONS_PORT"; do
    until port_in_use "$p"; do
      [ "$(now_ms)" -lt "$deadline" ] || fail "demo upstream not listening on $BIND_HOST:$p"
      sleep 0.2
    done
  done
  pass "demo upstreams up on $DEMO_MONOLITH_PORT/$DEMO_VISUAL_DESIGN_PORT/$DEMO_TRANSLATIONS_PORT (monolith ready after ${READY_SECONDS}s)"
}

start_mosaic() {
  port_in_use "$MOSAIC_PORT" && fail "port $MOSAIC_PORT on $BIND_HOST is already in use"
  rm -f "$MOSAIC_BACKUP_FILE"
  SERVER_PORT="$MOSAIC_PORT" \
  MOSAIC_UPSTREAMS_MONOLITH_URI="http://$BIND_HOST:$DEMO_MONOLITH_PORT" \
  MOSAIC_UPSTREAMS_DESIGNS_URI="http://$BIND_HOST:$DEMO_VISUAL_DESIGN_PORT" \
  MOSAIC_UPSTREAMS_TRANSLATIONS_URI="http://$BIND_HOST:$DEMO_TRANSLATIONS_PORT" \
  MOSAIC_UNLEASH_URL="$UNLEASH_BASE/api" \
  UNLEASH_API_TOKEN="$UNLEASH_BACKEND_TOKEN" \
  MOSAIC_UNLEASH_APP_dash_NAME="$MOSAIC_APP_NAME" \
  MOSAIC_UNLEASH_INSTANCE_dash_ID="$MOSAIC_INSTANCE_ID" \
  MOSAIC_UNLEASH_REFRESH_dash_INTERVAL="$MOSAIC_REFRESH_INTERVAL" \
  MOSAIC_UNLEASH_BACKUP_dash_FILE="$MOSAIC_BACKUP_FILE" \
  MOSAIC_UNLEASH_BOOTSTRAP_dash_FILE=none \
    start_bg mosaic "$REPO_ROOT" "$JAVA_BIN" "${MOSAIC_JAVA_OPTS[@]}" -jar "$MOSAIC_JAR"
  wait_http_ok "Mosaic" "http://$BIND_HOST:$MOSAIC_PORT$MOSAIC_READY_PATH" "$MOSAIC_READY_DEADLINE" mosaic
  pass "Mosaic live on $BIND_HOST:$MOSAIC_PORT after ${READY_SECONDS}s"
}

# Mosaic runs without a bootstrap file (config/unleash-bootstrap.json would also send alice to the
# composed path and bob to the direct one): only flags from Unleash make it ready, with flags=server.
wait_flags_from_unleash() {
  local url="http://$BIND_HOST:$MOSAIC_PORT$MOSAIC_FLAGS_PATH" start deadline code flags=""
  start=$(now_ms); deadline=$(( start + FIRST_COMPOSED_DEADLINE * 1000 ))
  while :; do
    code="$(http GET "$url" "")"
    if [ "$code" = 200 ]; then
      flags="$(json_eval "$LAST_BODY" '((d.checks || [])[0] || {}).data?.flags || ""' 2>/dev/null || true)"
      [ "$flags" = server ] && break
    fi
    [ "$(now_ms)" -lt "$deadline" ] \
      || fail "Mosaic has no flags from Unleash within ${FIRST_COMPOSED_DEADLINE}s: $MOSAIC_FLAGS_PATH answered HTTP $code: $(head -c 300 "$LAST_BODY" 2>/dev/null || true)"
    sleep 0.2
  done
  pass "Mosaic ready with flags=server (from Unleash, no bootstrap file) after $(seconds_since "$start")s"
}

# --- main ----------------------------------------------------------------------------------
cd "$REPO_ROOT"
command -v curl >/dev/null 2>&1 || fail "curl not found"
prepare_run_dir
log "mode: $MODE, run dir: ${RUN_DIR#"$REPO_ROOT"/}"

echo "== setup"
setup_postgres
setup_node_packages
start_unleash
check_tokens

if [ "$MODE" = full ]; then
  pick_java
  build_if_needed
fi

echo "== step 1: flag $FLAG_NAME for alice only"
create_flag

if [ "$MODE" = full ]; then
  echo "== step 2: demo upstreams and Mosaic"
  start_demo
  start_mosaic

  echo "== step 3: per-user routing"
  wait_flags_from_unleash
  wait_path alice composed "$FIRST_COMPOSED_DEADLINE" "$(now_ms)" "alice composed"
  pass "alice -> $MOSAIC_PATH_HEADER: composed (first composed answer after ${WAIT_SECONDS}s)"
  expect_path bob direct "bob direct"
  pass "bob -> $MOSAIC_PATH_HEADER: direct"
fi

echo "== step 4: widen the constraint to alice and bob, no restart"
widen_constraint
wait_client_view "$CLIENT_API_DEADLINE" alice bob
if [ "$MODE" = full ]; then
  wait_path bob composed "$CONSTRAINT_UPDATE_DEADLINE" "$WIDEN_START_MS" "bob composed after update"
  pass "bob -> $MOSAIC_PATH_HEADER: composed ${WAIT_SECONDS}s after the constraint update (limit ${CONSTRAINT_UPDATE_DEADLINE}s)"
  expect_path alice composed "alice still composed"
  expect_path carol direct "carol direct"
  pass "alice still composed, carol direct"
fi

echo "== step 5: Unleash goes away"
stop_unleash
if [ "$MODE" = full ]; then
  for (( round=1; round<=OFFLINE_CHECK_ROUNDS; round++ )); do
    expect_path alice composed "offline round $round, alice"
    expect_path bob composed "offline round $round, bob"
    expect_path carol direct "offline round $round, carol"
    [ "$round" -eq "$OFFLINE_CHECK_ROUNDS" ] || sleep 1
  done
  pass "with Unleash down, Mosaic keeps its last decisions over $((OFFLINE_CHECK_ROUNDS - 1))s: alice/bob composed, carol direct"
fi

echo "== step 6: clean-up"
# the EXIT trap stops everything that was started and prints the summary
