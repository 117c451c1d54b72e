#!/usr/bin/env bash
# Mosaic load benchmark: one command, figures and the command to repeat them.
#
#   bash bench/run.sh            full run (about 13 minutes): every scenario and the floor, a CPU profile,
#                                startup repeats
#   bash bench/run.sh --quick    short run (under 3 minutes): shorter warm-up and measurement, no profile
#
# Options:
#   --quick           5 s warm-up and 8 s measurement per scenario instead of 30 s and 20 s, the warm-up not
#                     extended for the JIT (below); one startup measurement per scenario only, no AOT-cache
#                     startup, no profile
#   --profile         also record a JFR CPU profile of the composed path (default in full mode)
#   --no-profile      skip the profile
#   --only NAME       run only the scenarios whose name contains NAME (e.g. --only composed, --only floor), or one
#                     of several comma-separated names (--only composed,floor); with --profile and a NAME that
#                     matches nothing (--only none --profile), only the profile; --only startup runs only the
#                     startup measurement (BENCH_STARTUPS starts with the AOT cache and as many without), e.g. to
#                     compare the startup of two builds
#   --upstreams LIST  only these latency profiles, comma-separated: zero, latency (default: both)
#   --no-build        never build, even when the jars are missing or older than the sources
#   --no-aot          run Mosaic without the AOT cache that is part of its production flags (below)
#   --rounds N        run the selected scenarios N times, in turn (all of them once, then again), and print each
#                     scenario's median and every round's figure under the table: one run does not decide a p99
#                     on a shared machine, and taking the scenarios in turn spreads the machine's changing load
#                     over all of them, e.g. --only composed,floor --upstreams latency --rounds 3 (default 1)
#   --pin             Mosaic (or the floor) on the last CPU only, wrk and the demo upstreams on the others
#                     (taskset), so that the load and the upstreams do not take Mosaic's CPU; needs 2 CPUs.
#                     Mosaic then sees one CPU (one carrier thread for its virtual threads), as a replica with
#                     a one-CPU limit would
#
# Environment (all optional):
#   BENCH_MOSAIC_JAR    the Mosaic jar to measure (default bff/target/mosaic.jar); compare builds with it
#   BENCH_JAVA_OPTS     Mosaic's JVM flags (default: MOSAIC_JAVA_OPTS below plus the AOT cache, the documented
#                       production flags); when set, no AOT cache is added
#   BENCH_EXTRA_JAVA_OPTS  flags added to Mosaic's (the AOT cache is still trained and used), to try one flag
#   BENCH_MOSAIC_PROCESS_ENV  extra environment of the Mosaic process, e.g. "MALLOC_ARENA_MAX=2" (default: none)
#   BENCH_PORT_BASE     Mosaic listens on BASE, the demo upstreams on BASE+1..BASE+3 (default 19080)
#   BENCH_WARMUP, BENCH_DURATION, BENCH_CONNECTIONS, BENCH_THREADS   override the load shape
#   BENCH_WARMUP_MAX    the longest warm-up, in seconds (default 120; --quick: BENCH_WARMUP). After BENCH_WARMUP
#                       seconds the warm-up goes on in 5 s steps until the JIT compiler threads used less than
#                       2% of a CPU in the last step (C2 still compiles long after 30 s at 20/30/40 ms, where
#                       fewer requests are served), so that the measured run is the steady state
#   BENCH_STARTUPS      how many times each startup measurement starts Mosaic (default 3; --quick: 0)
#   BENCH_IDS           requests cycle through ids 1..BENCH_IDS (default 100); the demo upstreams know as many.
#                       More ids than an enricher cache's entries fill the caches, e.g. BENCH_IDS=20000
#   BENCH_OUT           where raw output goes (default bench/target/run-<timestamp>)
#   BENCH_SYSCALLS      1 (default): after each measured run, count the process's system calls and context switches
#                       per request in a short run of their own (perf stat, Debian's linux-perf, installed when
#                       missing); 0: skip. Counts do not depend on how busy the machine is, unlike CPU time
#
# What it does: builds if needed (./mvnw -B -q -DskipTests package), installs wrk, curl and perf from Debian when
# missing (as root; perf is optional), starts the demo upstreams once per latency profile and Mosaic (or the floor) once per
# scenario, warms up, drives load with wrk, and reads the process's CPU time and peak RSS from /proc. Everything
# listens on 127.0.0.1; every process it starts is stopped by PID at the end, also on failure or Ctrl-C.
set -Eeuo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
cd "$ROOT"
COMMAND="bash bench/run.sh${*:+ $*}"

# ---------------------------------------------------------------------------------------------------------
# Mosaic's production JVM flags, chosen by measurement (BENCHMARKS.md, "JVM flags"):
#   -Xms64m -Xmx64m          a fixed small heap: Mosaic keeps little alive between requests, and the JVM needs
#                            about 130 MB besides the heap, so peak RSS stays near 200 MB (128 MB heap: 250-280 MB);
#                            the image gets the same from a fifth of k8s/base's 320Mi limit (Dockerfile);
#   -XX:+UseSerialGC         on one or two cores it costs no more CPU than G1 here, and less memory; young
#                            pauses are a few ms (it is also what the JVM picks by itself below 2 CPUs or 1792 MB);
#                            full collections (40-90 ms) are rare since each upstream call reads through a
#                            reader of its own (BENCHMARKS.md, "A reader per upstream call"); G1 costs ~13% more CPU;
#   -XX:+ExitOnOutOfMemoryError   fail fast and let the orchestrator restart the process;
#   --enable-native-access=ALL-UNNAMED   as README.md documents (the jar's manifest says the same);
#   -XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr   the JVM's own messages on stderr, so
#                            that stdout holds only the access log's JSON lines (no effect on speed or memory).
# C1 only (-XX:TieredStopAtLevel=1) halves RSS growth and starts faster but doubles the CPU per request.
# On JDK 25 and newer, production also runs with an AOT cache (-XX:AOTCache), written at image build by one
# training run (bff/aot-train.sh, see the Dockerfile); this script writes one the same way before measuring.
# ---------------------------------------------------------------------------------------------------------
MOSAIC_JAVA_OPTS="-Xms64m -Xmx64m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED -XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr"

# Extra environment of the Mosaic process, for experiments (e.g. BENCH_MOSAIC_PROCESS_ENV="MALLOC_ARENA_MAX=2",
# which made no measurable difference to RSS here).
MOSAIC_PROCESS_ENV_DEFAULT=""

# Latency profiles of the demo upstreams: monolith, visual-design, translations (ms).
declare -A PROFILE_LATENCIES=([zero]="0 0 0" [latency]="20 30 40")
declare -A PROFILE_TITLES=([zero]="0 ms" [latency]="20/30/40 ms")

# Critical paths: what the same request costs when sent straight to the upstream(s) it waits for. Each is
# measured with wrk in the same run as the scenarios that name it, in the latency profile (a full run also
# measures the monolith at 0 ms, as a reference for what one plain Helidon JSON GET costs).
#   name               upstream port variable  path prefix              path suffix
declare -A CRITICAL_PATHS=(
  [slowest-enricher]="TRANSLATIONS_PORT /translations/deployables/ -"
  [monolith]="MONOLITH_PORT /deployables/ ?skipExternal=true"
  [monolith-legacy]="MONOLITH_PORT /deployables/ ?skipExternal=false"
)

# ---------------------------------------------------------------------------------------------------------
# Scenarios, one line each:
#   scenario NAME PROFILE EXPECTED-Mosaic-Path SETUP CRITICAL-PATH HEADER...
# SETUP names a setup_* function below that prepares Mosaic's environment. CRITICAL-PATH is what Mosaic's
# latency is compared with: the composed path waits for its slowest upstream (enrichers start together with
# the monolith call), a cache hit only for the monolith, the direct path for the monolith's legacy answer
# (which calls both services itself, one after the other). A scenario whose Mosaic does not start with its
# setup, or whose first answer does not carry the expected Mosaic-Path, is reported as "not yet available".
# Routing comes from config/unleash-bootstrap.json: alice is composed, everyone else direct.
# ---------------------------------------------------------------------------------------------------------
define_scenarios() {
  scenario composed        zero    composed no_cache   slowest-enricher "X-User-Id: alice" "Accept-Language: de"
  scenario composed        latency composed no_cache   slowest-enricher "X-User-Id: alice" "Accept-Language: de"
  scenario composed-cached zero    composed configured monolith         "X-User-Id: alice" "Accept-Language: de"
  scenario composed-cached latency composed configured monolith         "X-User-Id: alice" "Accept-Language: de"
  scenario direct          zero    direct   configured monolith-legacy  "X-User-Id: bob"   "Accept-Language: de"
  scenario direct          latency direct   configured monolith-legacy  "X-User-Id: bob"   "Accept-Language: de"
  scenario floor           zero    -        floor      slowest-enricher "X-User-Id: alice" "Accept-Language: de"
  scenario floor           latency -        floor      slowest-enricher "X-User-Id: alice" "Accept-Language: de"
}

# Mosaic as configured in config/ and enrichers/ (today: both enrichers cache their answers).
setup_configured() { :; }

# Not Mosaic: bench/floor/FanOutFloor.java, the composed path's three upstream calls on Mosaic's stack (Helidon's
# server, Mosaic's upstream client, the same virtual-thread fan-out) with nothing else, its three bodies answered
# side by side. Its CPU per request is the floor Mosaic's composed path stands on; the summary prints the ratio.
# Runs with Mosaic's flags but without the AOT cache (written for Mosaic's class path); it answers no Mosaic-Path.
setup_floor() { FLOOR=1; }

# Every enricher's cache switched off (cache.enabled: false). A stale fallback needs a cache, so it becomes
# omit; fallbacks play no part while every upstream answers.
setup_no_cache() {
  local dir="$OUT/enrichers-no-cache" folder
  rm -rf "$dir"
  for folder in "$ROOT"/enrichers/*/; do
    [ -f "$folder/enricher.yaml" ] || continue
    mkdir -p "$dir/$(basename "$folder")"
    awk '/^fallback:[[:space:]]*stale[[:space:]]*$/ { print "fallback: omit"; next }
         { print }
         /^cache:[[:space:]]*$/ { print "  enabled: false" }' \
      "$folder/enricher.yaml" > "$dir/$(basename "$folder")/enricher.yaml"
  done
  MOSAIC_ENV+=("MOSAIC_ENRICHERS_dash_DIRECTORY=$dir")
}

# ---------------------------------------------------------------------------------------------------------
QUICK=0; PROFILE=""; ONLY=""; BUILD=1; UPSTREAMS="zero,latency"; AOT=1; PIN=0; ROUNDS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --profile) PROFILE=1 ;;
    --no-profile) PROFILE=0 ;;
    --only) ONLY="${2:?--only needs a name}"; shift ;;
    --upstreams) UPSTREAMS="${2:?--upstreams needs a list}"; shift ;;
    --no-build) BUILD=0 ;;
    --no-aot) AOT=0 ;;
    --pin) PIN=1 ;;
    --rounds) ROUNDS="${2:?--rounds needs a number}"; shift
              [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || { echo "--rounds needs a whole number from 1" >&2; exit 2; } ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$PROFILE" ] || PROFILE=$((1 - QUICK))
if [ "$QUICK" = 1 ]; then WARMUP=${BENCH_WARMUP:-5}; DURATION=${BENCH_DURATION:-8}; CRITICAL_WARMUP=2; STARTUP_REPEATS=${BENCH_STARTUPS:-0}
else WARMUP=${BENCH_WARMUP:-30}; DURATION=${BENCH_DURATION:-20}; CRITICAL_WARMUP=5; STARTUP_REPEATS=${BENCH_STARTUPS:-3}; fi
if [ "$QUICK" = 1 ]; then WARMUP_MAX=${BENCH_WARMUP_MAX:-$WARMUP}; else WARMUP_MAX=${BENCH_WARMUP_MAX:-120}; fi
WARMUP_STEP=5          # seconds per extra warm-up step
JIT_QUIET_PERCENT=2    # the JIT counts as settled below this share of one CPU over a step
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_THREADS:-2}
PORT_BASE=${BENCH_PORT_BASE:-19080}
MOSAIC_PORT=$PORT_BASE
MONOLITH_PORT=$((PORT_BASE + 1)); DESIGNS_PORT=$((PORT_BASE + 2)); TRANSLATIONS_PORT=$((PORT_BASE + 3))
MOSAIC_JAR=${BENCH_MOSAIC_JAR:-bff/target/mosaic.jar}
DEMO_JAR=demo/target/mosaic-demo.jar
JAVA_OPTS=${BENCH_JAVA_OPTS:-$MOSAIC_JAVA_OPTS}${BENCH_EXTRA_JAVA_OPTS:+ $BENCH_EXTRA_JAVA_OPTS}
PLAIN_JAVA_OPTS=$JAVA_OPTS   # the same without the AOT cache, for the startup comparison
[ -z "${BENCH_JAVA_OPTS:-}" ] || AOT=0
read -r -a MOSAIC_PROCESS_ENV <<<"${BENCH_MOSAIC_PROCESS_ENV-$MOSAIC_PROCESS_ENV_DEFAULT}"
SYSCALLS=${BENCH_SYSCALLS:-1}
SYSCALL_SECONDS=5   # the short run in which system calls are counted, after the measured run
# what is counted: the calls of a blocking socket exchange on virtual threads, and the scheduler's switches
SYSCALL_EVENTS="syscalls:sys_enter_write,syscalls:sys_enter_read,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex,sched:sched_switch"
IDS=${BENCH_IDS:-100}                     # requests cycle through ids 1..IDS; the demo is started knowing as many
PROBE_PATH=/api/deployables/1
OUT=${BENCH_OUT:-$BENCH_DIR/target/run-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
LUA="$BENCH_DIR/load/requests.lua"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- processes: every PID we start, stopped at the end ----------------------------------------------------
PIDS=()
alive() {      # alive PID: running, and not a zombie waiting to be reaped
  [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}
stop_pid() {   # stop_pid PID [SECONDS]: TERM, wait up to SECONDS (10), then KILL
  local pid=$1 wait_s=${2:-10} i
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 $((wait_s * 10))); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget_pid() { local keep=() p; for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done; PIDS=("${keep[@]}"); }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
exec {PAUSE_FD}<> <(:)   # read -t on it pauses without starting a process

# --- tools ----------------------------------------------------------------------------------------------
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  command -v getconf >/dev/null || missing+=(libc-bin)
  [ "$PIN" = 0 ] || command -v taskset >/dev/null || missing+=(util-linux)
  # perf only counts (system calls, context switches); without it those lines are left out, nothing fails
  if [ "$SYSCALLS" = 1 ] && ! command -v perf >/dev/null && [ "$(id -u)" = 0 ]; then missing+=(linux-perf); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: install them (apt-get install -y ${missing[*]}) or run as root"
  log "installing ${missing[*]} from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# perf_counts: SYSCALLS=0 unless perf can count this kernel's system-call tracepoints (it needs tracefs and the
# right to read it: root, or a low kernel.perf_event_paranoid)
perf_counts() {
  [ "$SYSCALLS" = 1 ] || return 0
  if ! command -v perf >/dev/null || ! perf stat -x, -e "$SYSCALL_EVENTS" -- true >/dev/null 2>&1; then
    log "perf cannot count system calls here: the system-call line is left out"
    SYSCALLS=0
  fi
}

# --pin: ON_MOSAIC_CPU and ON_LOAD_CPUS prefix the commands that start Mosaic (or the floor), and wrk and the demo
# upstreams; both are empty without --pin. PINNING describes the split for the summary.
ON_MOSAIC_CPU=(); ON_LOAD_CPUS=(); PINNING=""
pin_cpus() {
  local list part cpus=() others
  [ "$PIN" = 1 ] || return 0
  list=$(awk '/^Cpus_allowed_list:/{print $2}' /proc/$$/status)
  for part in ${list//,/ }; do
    if [[ $part == *-* ]]; then
      mapfile -t -O "${#cpus[@]}" cpus < <(seq "${part%-*}" "${part#*-}")
    else
      cpus+=("$part")
    fi
  done
  [ ${#cpus[@]} -ge 2 ] || die "--pin needs at least 2 CPUs; this script may use ${#cpus[@]} ($list)"
  others=$(IFS=,; echo "${cpus[*]:0:${#cpus[@]}-1}")
  ON_MOSAIC_CPU=(taskset -c "${cpus[-1]}")
  ON_LOAD_CPUS=(taskset -c "$others")
  PINNING="Mosaic (or the floor) on CPU ${cpus[-1]} only, wrk and the demo upstreams on CPU $others (--pin)"
  log "pinned: $PINNING"
}

select_jdk() {
  if [ -f .ci/select-jdk.sh ]; then
    # shellcheck source=/dev/null
    . .ci/select-jdk.sh
    mosaic_select_jdk
  fi
  [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] || die "set JAVA_HOME to a JDK 21 or newer"
  JAVA="$JAVA_HOME/bin/java"
}

# older_than JAR PATH...: whether a file under the PATHs is newer than JAR (or JAR is missing)
older_than() {
  local jar=$1; shift
  [ ! -f "$jar" ] || [ -n "$(find "$@" -newer "$jar" -type f 2>/dev/null | head -n 1)" ]
}

build_if_needed() {
  local stale=0
  # each jar against what goes into it: the demo upstreams are built from demo/ and the parent pom alone
  older_than "$MOSAIC_JAR" bff/src/main bff/pom.xml enrichers/*/src/main enrichers/*/enricher.yaml \
    enrichers/*/pom.xml config pom.xml && stale=1
  older_than "$DEMO_JAR" demo/src/main demo/pom.xml pom.xml && stale=1
  [ -n "${BENCH_MOSAIC_JAR:-}" ] && [ -f "$MOSAIC_JAR" ] && [ -f "$DEMO_JAR" ] && stale=0
  if [ "$stale" = 1 ]; then
    [ "$BUILD" = 1 ] || die "jars missing or older than the sources, and --no-build was given"
    log "building: ./mvnw -B -q -DskipTests package"
    ./mvnw -B -q -DskipTests package > "$OUT/build.log" 2>&1 || { tail -n 40 "$OUT/build.log" >&2; die "build failed"; }
    # Maven leaves a jar whose content did not change as it was, old date included: without this, every later
    # run would find the sources newer and build again.
    touch "$MOSAIC_JAR" "$DEMO_JAR"
  fi
  [ -f "$MOSAIC_JAR" ] || die "no $MOSAIC_JAR"
}

# --- measurements ---------------------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# stat_ticks LINE: sets STAT_TOTAL to utime+stime and STAT_SYS to stime, in clock ticks, from a line of
# /proc/PID/stat or /proc/PID/task/TID/stat (fields 14 and 15); no subshell, so it costs no process
stat_ticks() {
  local stat=${1##*) }        # drop "pid (comm) ": comm may contain spaces
  # shellcheck disable=SC2086
  set -- $stat                # now $1 is field 3 (state), so utime is ${12} and stime ${13}
  STAT_TOTAL=$(( ${12} + ${13} )); STAT_SYS=${13}
}

# proc_ticks PID: "utime+stime stime" of a process, in clock ticks; stime is the kernel's share (system calls,
# TCP on loopback, waking and switching threads)
proc_ticks() {
  local stat
  read -r stat < "/proc/$1/stat"
  stat_ticks "$stat"
  echo "$STAT_TOTAL $STAT_SYS"
}
cpu_ticks() { local total; read -r total _ < <(proc_ticks "$1"); echo "$total"; }   # utime + stime

host_ticks() {  # "busy total" jiffies of the whole host, from the first line of /proc/stat
  awk '/^cpu /{idle=$5+$6; t=0; for(i=2;i<=NF;i++) t+=$i; print t-idle, t; exit}' /proc/stat
}

JIT_THREADS='^C[12] CompilerThre'
# Serial collects in the VM thread; G1's and Parallel's threads say GC or G1, ZGC's start with Z (ZWorkerYoung#0,
# ZDirector, ...), Shenandoah's with Shenandoah
GC_THREADS='^VM Thread$|GC|^G1 |^Z[A-Z]|^Shenandoah'

# thread_ticks PID: "jit gc", the utime+stime of the process's JIT compiler threads (JIT_THREADS) and of its VM and
# GC threads (GC_THREADS), in clock ticks, from one pass over its threads: work that is not the requests' own
thread_ticks() {
  local task comm stat kind jit=0 gc=0
  for task in /proc/"$1"/task/*; do
    { read -r comm < "$task/comm"; } 2>/dev/null || continue   # read, not cat: no process per thread
    if [[ "$comm" =~ $JIT_THREADS ]]; then kind=jit; elif [[ "$comm" =~ $GC_THREADS ]]; then kind=gc; else continue; fi
    { read -r stat < "$task/stat"; } 2>/dev/null || continue
    stat_ticks "$stat"
    if [ "$kind" = jit ]; then jit=$((jit + STAT_TOTAL)); else gc=$((gc + STAT_TOTAL)); fi
  done
  echo "$jit $gc"
}

# gc_pauses LOG FROM TO: the collector's pauses in LOG (-Xlog:gc, which stamps each line with the JVM's uptime in
# seconds) between FROM and TO microseconds of uptime, as "<young count> <young mean ms> <young max ms> <full count>
# <longest full ms> <all pauses ms>". Every pause that is not "Pause Full" counts as young (G1's remark and cleanup
# pauses too).
gc_pauses() {
  [ -s "$1" ] || { echo "0 0 0 0 0 0"; return 0; }
  awk -v from="$2" -v to="$3" '
    /Pause/ && match($0, /^\[[0-9.]+s\]/) {
      t = substr($0, 2, RLENGTH - 3) * 1e6
      if (t < from || t > to || !match($0, /[0-9.]+ms$/)) next
      ms = substr($0, RSTART, RLENGTH - 2) + 0; total += ms
      if ($0 ~ /Pause Full/) { fn++; if (ms > fmax) fmax = ms } else { yn++; ysum += ms; if (ms > ymax) ymax = ms }
    }
    END { printf "%d %.1f %.1f %d %.0f %.0f\n", yn, yn ? ysum / yn : 0, ymax, fn, fmax, total }' "$1"
}

# gc_allocated LOG FROM TO: what the process allocated between FROM and TO microseconds of uptime, estimated from
# its collector's log: each collection in the window found "before" in use where the one before it had left
# "after", so the difference is what was allocated between the two. Prints "<bytes> <microseconds those
# collections span>"; "0 0" with fewer than two collections. Sizes are as -Xlog:gc prints them (K, M or G, whole
# numbers): each difference is off by up to a unit, and over hundreds of collections the errors average out.
gc_allocated() {
  [ -s "$1" ] || { echo "0 0"; return 0; }
  awk -v from="$2" -v to="$3" '
    function bytes(v) { u = substr(v, length(v)); n = substr(v, 1, length(v) - 1) + 0
      return u == "G" ? n * 1073741824 : u == "M" ? n * 1048576 : u == "K" ? n * 1024 : n }
    /Pause/ && match($0, /^\[[0-9.]+s\]/) {
      t = substr($0, 2, RLENGTH - 3) * 1e6
      if (!match($0, / [0-9]+[BKMG]->[0-9]+[BKMG]\(/)) next
      split(substr($0, RSTART + 1, RLENGTH - 2), sizes, "->")
      if (t >= from && t <= to && seen) { allocated += bytes(sizes[1]) - after; if (!first) first = prev; last = t }
      after = bytes(sizes[2]); prev = t; seen = 1
    }
    END { if (!(last > first)) { allocated = 0; last = first }; printf "%.0f %.0f\n", allocated, last - first }' "$1"
}

# count_syscalls LABEL HEADER...: a SYSCALL_SECONDS run of wrk on the process in MOSAIC_PID, with perf stat counting
# its system calls and context switches; prints "<requests> <write> <read> <epoll_ctl> <epoll_wait> <futex>
# <switches>" (counts, all threads of the process). Kept apart from the measured run, whose CPU time the counting
# would add to.
count_syscalls() {
  local label=$1; shift
  local counts="$OUT/syscalls-$label.csv" perf_pid line
  perf stat -x, -e "$SYSCALL_EVENTS" -p "$MOSAIC_PID" -o "$counts" > /dev/null 2>&1 &
  perf_pid=$!
  read -r -t 0.3 -u "$PAUSE_FD" || true   # perf attaches to every thread before the load starts
  line=$(run_wrk "$label-syscalls" "$SYSCALL_SECONDS" "http://127.0.0.1:$MOSAIC_PORT" /api/deployables/ - "$@")
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  awk -F, -v n="$(field requests "$line")" '
    $3 ~ /sys_enter_write$/ { w = $1 } $3 ~ /sys_enter_read$/ { r = $1 } $3 ~ /sys_enter_epoll_ctl$/ { c = $1 }
    $3 ~ /sys_enter_epoll_wait$/ { e = $1 } $3 ~ /sys_enter_futex$/ { f = $1 } $3 ~ /sched_switch$/ { s = $1 }
    END { printf "%d %d %d %d %d %d %d\n", n, w, r, c, e, f, s }' "$counts"
}

# warm_up LABEL HEADER...: load on the process in MOSAIC_PID for WARMUP seconds, then in WARMUP_STEP steps while
# its JIT compiler threads used JIT_QUIET_PERCENT or more of one CPU in the last step, up to WARMUP_MAX seconds
# in all. Sets WARMED_UP to the seconds it took.
warm_up() {
  local label=$1 j0 j1; shift
  run_wrk "$label-warmup" "$WARMUP" "http://127.0.0.1:$MOSAIC_PORT" /api/deployables/ - "$@" >/dev/null
  WARMED_UP=$WARMUP
  while [ $((WARMED_UP + WARMUP_STEP)) -le "$WARMUP_MAX" ]; do
    read -r j0 _ < <(thread_ticks "$MOSAIC_PID")
    run_wrk "$label-warmup-$WARMED_UP" "$WARMUP_STEP" "http://127.0.0.1:$MOSAIC_PORT" /api/deployables/ - "$@" \
      >/dev/null
    read -r j1 _ < <(thread_ticks "$MOSAIC_PID")
    WARMED_UP=$((WARMED_UP + WARMUP_STEP))
    # the compilers' share of one CPU in the step, in percent, is (j1 - j0) * 100 / CLK_TCK / WARMUP_STEP
    [ $(( (j1 - j0) * 100 / CLK_TCK )) -ge $((JIT_QUIET_PERCENT * WARMUP_STEP)) ] || break
  done
}
WARMUPS=()  # "scenario-profile N s": how long each warm-up took

vm_hwm_kb() { awk '/^VmHWM:/{print $2}' "/proc/$1/status"; }

# run_wrk LABEL SECONDS URL PATH-PREFIX PATH-SUFFIX HEADER...: prints the BENCH line of requests.lua
run_wrk() {
  local label=$1 seconds=$2 url=$3 prefix=$4 suffix=$5; shift 5
  "${ON_LOAD_CPUS[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$LUA" "$url" \
    -- "$prefix" "$suffix" "$IDS" "$@" > "$OUT/wrk-$label.txt" 2>&1 || true
  grep '^BENCH ' "$OUT/wrk-$label.txt" || { cat "$OUT/wrk-$label.txt" >&2; die "wrk failed ($label)"; }
}

field() {  # field NAME LINE: value of NAME=... in a BENCH line
  sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"
}

short() { local t=${1//|//}; if [ ${#t} -le 110 ]; then printf '%s' "$t"; else printf '%s…' "${t:0:110}"; fi; }

ms() { awk -v us="$1" 'BEGIN{printf "%.2f", us/1000}'; }

# Share of enricher calls answered from the cache since Mosaic started, from its Prometheus metrics.
cache_hits() {
  curl -s --max-time 5 "http://127.0.0.1:$MOSAIC_PORT/observe/metrics" 2>/dev/null | awk '
    /^mosaic_enricher_outcomes_total\{/ { n = $NF + 0; all += n; if ($0 ~ /outcome="cache-hit"/) hits += n }
    END { if (all > 0) printf "%.0f%%", 100 * hits / all; else printf "–" }'
}

# --- the demo upstreams ----------------------------------------------------------------------------------
DEMO_PID=""
start_demo() {  # start_demo PROFILE
  local lat p
  read -r -a lat <<<"${PROFILE_LATENCIES[$1]}"
  for p in $MONOLITH_PORT $DESIGNS_PORT $TRANSLATIONS_PORT; do port_free "$p" || die "port $p is in use (set BENCH_PORT_BASE)"; done
  DEMO_MONOLITH_PORT=$MONOLITH_PORT DEMO_VISUAL_DESIGN_PORT=$DESIGNS_PORT DEMO_TRANSLATIONS_PORT=$TRANSLATIONS_PORT \
  DEMO_MONOLITH_LATENCY_MS=${lat[0]} DEMO_VISUAL_DESIGN_LATENCY_MS=${lat[1]} DEMO_TRANSLATIONS_LATENCY_MS=${lat[2]} \
    "${ON_LOAD_CPUS[@]}" "$JAVA" -Xms256m -Xmx256m -XX:+UseParallelGC -Ddemo.max-id="$IDS" -jar "$DEMO_JAR" > "$OUT/demo-$1.log" 2>&1 &
  DEMO_PID=$!
  PIDS+=("$DEMO_PID")
  for p in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$TRANSLATIONS_PORT/translations/deployables/1" \
      && curl -sf -o /dev/null "http://127.0.0.1:$MONOLITH_PORT/deployables/1?skipExternal=true" && return 0
    alive "$DEMO_PID" || { tail -n 20 "$OUT/demo-$1.log" >&2; die "demo upstreams exited"; }
    sleep 0.1
  done
  die "demo upstreams not ready within 30 s"
}
stop_demo() { [ -z "$DEMO_PID" ] || { stop_pid "$DEMO_PID"; forget_pid "$DEMO_PID"; DEMO_PID=""; }; }

# --- Mosaic ----------------------------------------------------------------------------------------------
MOSAIC_PID=""; MOSAIC_LAUNCH_US=0; STARTUP_MS=""; START_FAILURE=""; MOSAIC_ENV=(); FLOOR=""; FLOOR_CP=""
declare -A CPU_US   # "scenario-profile" -> CPU µs per request, for the floor ratio
# --rounds: "scenario-profile" -> the rounds' values, space-separated, in the order of ROUND_LABELS
declare -A ROUND_CPU ROUND_P99 ROUND_O50 ROUND_O99; ROUND_LABELS=(); ROUND=1

# compile_floor: bench/floor/FanOutFloor.java against the Mosaic jar and its libs, once per run; sets FLOOR_CP,
# the class path to run it with
compile_floor() {
  [ -z "$FLOOR_CP" ] || return 0
  local classes="$OUT/floor-classes" libs
  libs="$(dirname "$MOSAIC_JAR")/libs/*:$MOSAIC_JAR"
  "$JAVA_HOME/bin/javac" -nowarn -d "$classes" -cp "$libs" "$BENCH_DIR/floor/FanOutFloor.java" \
    > "$OUT/floor-javac.log" 2>&1 || { cat "$OUT/floor-javac.log" >&2; die "bench/floor did not compile"; }
  FLOOR_CP="$classes:$libs"
}
# start_mosaic LOG EXPECTED-PATH EXTRA-JAVA-OPTS HEADER...: starts Mosaic and measures the time from JVM start
# to the first 200 that carries the expected Mosaic-Path. Sets MOSAIC_PID and STARTUP_MS, or START_FAILURE.
start_mosaic() {
  local logfile=$1 expect=$2 extra=$3; shift 3
  local curl_headers=() h t0 now code="" path="" launch
  for h in "$@"; do curl_headers+=(-H "$h"); done
  # the collector's pauses, for the line under the table: a log per start, beside the process's output
  local gc_log="-Xlog:gc:file=${logfile%.log}-gc.log"
  # shellcheck disable=SC2206  # JAVA_OPTS and extra are word lists on purpose
  if [ -n "$FLOOR" ]; then
    compile_floor
    launch=($PLAIN_JAVA_OPTS "$gc_log" -cp "$FLOOR_CP" FanOutFloor "$MOSAIC_PORT" \
      "http://127.0.0.1:$MONOLITH_PORT" "http://127.0.0.1:$DESIGNS_PORT" "http://127.0.0.1:$TRANSLATIONS_PORT" mosaic)
  else
    launch=($JAVA_OPTS $extra "$gc_log" -jar "$MOSAIC_JAR")
  fi
  port_free "$MOSAIC_PORT" || die "port $MOSAIC_PORT is in use (set BENCH_PORT_BASE)"
  STARTUP_MS=""; START_FAILURE=""
  t0=${EPOCHREALTIME/./}   # µs; no process started (bash 5)
  MOSAIC_LAUNCH_US=$t0
  local deadline=$((SECONDS + 30))
  env SERVER_HOST=127.0.0.1 SERVER_PORT="$MOSAIC_PORT" \
      MOSAIC_UPSTREAMS_MONOLITH_URI="http://127.0.0.1:$MONOLITH_PORT" \
      MOSAIC_UPSTREAMS_DESIGNS_URI="http://127.0.0.1:$DESIGNS_PORT" \
      MOSAIC_UPSTREAMS_TRANSLATIONS_URI="http://127.0.0.1:$TRANSLATIONS_PORT" \
      MOSAIC_SHUTDOWN_DRAIN_dash_DELAY=PT0.01S MOSAIC_SHUTDOWN_GRACE_dash_PERIOD=PT2S \
      "${MOSAIC_ENV[@]}" \
      "${MOSAIC_PROCESS_ENV[@]}" \
      "${ON_MOSAIC_CPU[@]}" "$JAVA" "${launch[@]}" > "$logfile" 2>&1 &
  MOSAIC_PID=$!
  PIDS+=("$MOSAIC_PID")
  # Until the port accepts connections, poll without starting a process (bash's /dev/tcp, and a 10 ms read
  # timeout as the pause): on two CPUs, curl, awk and sleep every 10 ms would take CPU from the starting JVM.
  while ! true 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$MOSAIC_PORT" && [ "$SECONDS" -lt "$deadline" ] \
      && kill -0 "$MOSAIC_PID" 2>/dev/null; do
    read -r -t 0.01 -u "$PAUSE_FD" || true
  done
  while [ "$SECONDS" -lt "$deadline" ]; do
    if ! alive "$MOSAIC_PID"; then
      START_FAILURE="Mosaic exited at startup: $(startup_error "$logfile")"
      stop_mosaic; return 1
    fi
    read -r code path < <(curl -s -o /dev/null -D - --max-time 2 "${curl_headers[@]}" \
        "http://127.0.0.1:$MOSAIC_PORT$PROBE_PATH" 2>/dev/null \
        | tr -d '\r' | awk 'NR==1{c=$2} tolower($1)=="mosaic-path:"{p=$2} END{print c+0, (p==""?"-":p)}') || true
    if [ "${code:-0}" = 200 ]; then
      now=${EPOCHREALTIME/./}
      if [ "$path" = "$expect" ]; then STARTUP_MS=$(( (now - t0) / 1000 )); return 0; fi
      START_FAILURE="answers Mosaic-Path: $path, not $expect"; stop_mosaic; return 1
    fi
    sleep 0.01
  done
  START_FAILURE="no 200 within 30 s (last status ${code:-none})"
  curl -s -i --max-time 5 "${curl_headers[@]}" "http://127.0.0.1:$MOSAIC_PORT$PROBE_PATH" \
    > "$logfile.last-answer.txt" 2>&1 || true
  stop_mosaic; return 1
}
startup_error() {  # the first lines of Mosaic's own startup error, else the first error line of the log
  local text
  text=$(sed -n '/^Mosaic: /,+2p' "$1" | tr '\n' ' ' | sed 's/  */ /g')
  [ -n "$text" ] || text=$(grep -m1 -iE 'exception|error' "$1" || true)
  printf '%s' "${text:0:300}"
}
stop_mosaic() { [ -z "$MOSAIC_PID" ] || { stop_pid "$MOSAIC_PID" "${1:-10}"; forget_pid "$MOSAIC_PID"; MOSAIC_PID=""; }; }

# --- scenarios -----------------------------------------------------------------------------------------------
ROWS=()        # markdown rows
STARTUPS=()    # every measured JVM-start-to-first-200, ms
KERNEL_SHARES=()  # "scenario-profile NN%": the kernel's share of Mosaic's CPU in the measured run
JIT_GC_SHARES=()  # "scenario-profile J / G µs": JIT compiler threads' and VM/GC threads' CPU per request
GC_PAUSES=()      # "scenario-profile N young (...)": the collector's pauses in the measured run (gc_pauses)
ALLOCATED=()      # "scenario-profile N KB": allocated per request in the measured run (gc_allocated)
SYSCALL_COUNTS=() # "scenario-profile ...": system calls and context switches per request (count_syscalls)
declare -A CRIT_P50 CRIT_P99

add_row() { ROWS+=("| $(IFS='|'; echo "$*" | sed 's/|/ | /g') |"); }
comma_list() { local IFS=,; echo "$*" | sed 's/,/, /g'; }
selected() {   # selected NAME: the scenario NAME runs (--only: NAME contains one of its comma-separated words)
  local word words
  [ -n "$ONLY" ] || return 0
  IFS=, read -r -a words <<<"$ONLY"
  for word in "${words[@]}"; do [[ -z "$word" || "$1" != *"$word"* ]] || return 0; done
  return 1
}

# critical_path PROFILE NAME: wrk straight at the upstream a scenario waits for (once per profile and name)
critical_path() {
  local profile=$1 name=$2 port_var prefix suffix line t0 t1 cpu_us
  [ -z "${CRIT_P50[$profile/$name]:-}" ] || return 0
  read -r port_var prefix suffix <<<"${CRITICAL_PATHS[$name]}"
  local url="http://127.0.0.1:${!port_var}"
  log "[$profile] critical path $name: wrk straight at $url$prefix{id}${suffix#-}"
  run_wrk "critical-$name-$profile-warmup" "$CRITICAL_WARMUP" "$url" "$prefix" "$suffix" "Accept-Language: de" >/dev/null
  t0=$(cpu_ticks "$DEMO_PID")
  line=$(run_wrk "critical-$name-$profile" "$DURATION" "$url" "$prefix" "$suffix" "Accept-Language: de")
  t1=$(cpu_ticks "$DEMO_PID")
  cpu_us=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$(field requests "$line")" 'BEGIN{printf "%.0f", n ? d * 1e6 / hz / n : 0}')
  CRIT_P50[$profile/$name]=$(field p50_us "$line"); CRIT_P99[$profile/$name]=$(field p99_us "$line")
  add_row "upstream alone: $name (${prefix}{id}${suffix#-})" "${PROFILE_TITLES[$profile]}" \
    "$(field rps "$line")" "$(ms "$(field p50_us "$line")")" "$(ms "$(field p99_us "$line")")" \
    "$(ms "$(field p999_us "$line")")" "$cpu_us (demo)" "–" "–" "–" "–" "–" "–" "$(( $(field non2xx "$line") + $(field read_err "$line") ))"
  echo "critical-$name-$profile $line demo_cpu_ticks=$((t1 - t0))" >> "$OUT/results.txt"
}

run_scenario() {  # run_scenario NAME PROFILE EXPECT SETUP CRITICAL HEADER...
  local name=$1 profile=$2 expect=$3 setup=$4 critical=$5; shift 5
  local label="$name-$profile" line t0 t1 s0 s1 h0 h1 ht0 ht1 j0 j1 g0 g1 m0 m1 l0 own requests cpu_us busy hwm hits
  local pauses alloc_bytes alloc_span alloc_kb="–" calls="" n w r c e f sw
  local overhead="–" errors
  local floor started=1
  MOSAIC_ENV=(); FLOOR=""
  "setup_$setup"
  log "[$profile] $name: starting"
  start_mosaic "$OUT/mosaic-$label.log" "$expect" "" "$@" || started=0
  floor=$FLOOR; FLOOR=""   # a setup applies to this scenario's start only
  if [ "$started" = 0 ]; then
    log "[$profile] $name: not yet available ($START_FAILURE)"
    add_row "$name" "${PROFILE_TITLES[$profile]}" "not yet available: $(short "$START_FAILURE")" "" "" "" "" "" "" "" "" "" "" ""
    return 0
  fi
  [ -n "$floor" ] || STARTUPS+=("$STARTUP_MS")
  log "[$profile] $name: first $expect 200 after $STARTUP_MS ms; warming up ${WARMUP}s (up to ${WARMUP_MAX}s)"
  warm_up "$label" "$@"
  WARMUPS+=("$label ${WARMED_UP} s")
  log "[$profile] $name: warmed up in ${WARMED_UP}s; measuring ${DURATION}s"
  sleep 0.3; l0=$(wc -l < "$OUT/mosaic-$label.log")   # the access log is flushed every 200 ms
  read -r j0 g0 < <(thread_ticks "$MOSAIC_PID")
  read -r t0 s0 < <(proc_ticks "$MOSAIC_PID"); read -r h0 ht0 < <(host_ticks)
  m0=${EPOCHREALTIME/./}
  line=$(run_wrk "$label" "$DURATION" "http://127.0.0.1:$MOSAIC_PORT" /api/deployables/ - "$@")
  m1=${EPOCHREALTIME/./}
  read -r t1 s1 < <(proc_ticks "$MOSAIC_PID"); read -r h1 ht1 < <(host_ticks)
  read -r j1 g1 < <(thread_ticks "$MOSAIC_PID")
  sleep 0.3; own=$(own_time "$OUT/mosaic-$label.log" "$l0")
  hwm=$(vm_hwm_kb "$MOSAIC_PID")
  hits=$(cache_hits)
  if [ "$SYSCALLS" = 1 ]; then
    read -r n w r c e f sw < <(count_syscalls "$label" "$@")
    if [ "$n" -gt 0 ]; then
      calls=$(awk -v n="$n" -v w="$w" -v r="$r" -v c="$c" -v e="$e" -v f="$f" -v s="$sw" 'BEGIN{printf \
        "%.1f write, %.1f read, %.1f epoll_ctl, %.1f epoll_wait, %.1f futex; %.1f context switches", \
        w / n, r / n, c / n, e / n, f / n, s / n}')
      SYSCALL_COUNTS+=("$label: $calls")
    fi
  fi
  # the measured run in the JVM's uptime; the JVM starts a few ms after the launch, so the window ends a little late
  pauses=$(gc_pauses "$OUT/mosaic-$label-gc.log" $((m0 - MOSAIC_LAUNCH_US)) $((m1 - MOSAIC_LAUNCH_US)))
  GC_PAUSES+=("$label $(awk -v d=$((m1 - m0)) '{printf "%d young (mean %s ms, max %s ms), %d full%s, paused %.1f%% of the time", $1, $2, $3, $4, $4 ? " (longest " $5 " ms)" : "", d ? 100 * $6 * 1000 / d : 0}' <<<"$pauses")")
  requests=$(field requests "$line")
  read -r alloc_bytes alloc_span < <(gc_allocated "$OUT/mosaic-$label-gc.log" $((m0 - MOSAIC_LAUNCH_US)) \
    $((m1 - MOSAIC_LAUNCH_US)))
  if [ "$alloc_span" -gt 0 ] && [ "$requests" -gt 0 ]; then
    # the collections span a little less or more than the measured run: scaled to it
    alloc_kb=$(awk -v b="$alloc_bytes" -v s="$alloc_span" -v d=$((m1 - m0)) -v n="$requests" \
      'BEGIN{printf "%.0f", b * d / s / n / 1024}')
    ALLOCATED+=("$label $alloc_kb KB")
  fi
  cpu_us=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN{printf "%.0f", n ? d * 1e6 / hz / n : 0}')
  CPU_US[$label]=$cpu_us
  busy=$(awk -v b=$((h1 - h0)) -v t=$((ht1 - ht0)) 'BEGIN{printf "%.0f%%", t ? 100 * b / t : 0}')
  KERNEL_SHARES+=("$label $(awk -v s=$((s1 - s0)) -v t=$((t1 - t0)) 'BEGIN{printf "%.0f%%", t ? 100 * s / t : 0}')")
  JIT_GC_SHARES+=("$label $(awk -v j=$((j1 - j0)) -v g=$((g1 - g0)) -v hz="$CLK_TCK" -v n="$requests" \
    'BEGIN{printf "%.0f / %.0f µs", n ? j * 1e6 / hz / n : 0, n ? g * 1e6 / hz / n : 0}')")
  if [ "$profile" != zero ] && [ -n "${CRIT_P50[$profile/$critical]:-}" ]; then
    overhead="$(ms $(( $(field p50_us "$line") - CRIT_P50[$profile/$critical] ))) / $(ms $(( $(field p99_us "$line") - CRIT_P99[$profile/$critical] )))"
  fi
  errors=$(( $(field non2xx "$line") + $(field connect_err "$line") + $(field read_err "$line") + $(field timeouts "$line") ))
  if [ "$errors" -gt 0 ]; then sample_answers "$label" "$@"; fi
  if [ "$ROUNDS" -gt 1 ]; then
    [ -n "${ROUND_CPU[$label]:-}" ] || ROUND_LABELS+=("$label")
    ROUND_CPU[$label]+="$cpu_us "; ROUND_P99[$label]+="$(ms "$(field p99_us "$line")") "
    if [ "$overhead" != "–" ]; then
      ROUND_O50[$label]+="${overhead%% / *} "; ROUND_O99[$label]+="${overhead##* / } "
    fi
    name="$name (round $ROUND)"
  fi
  add_row "$name" "${PROFILE_TITLES[$profile]}" "$(field rps "$line")" \
    "$(ms "$(field p50_us "$line")")" "$(ms "$(field p99_us "$line")")" "$(ms "$(field p999_us "$line")")" \
    "$cpu_us" "$((hwm / 1024))" "$overhead" "$own" "$([ -n "$floor" ] && echo – || echo "$STARTUP_MS")" "$hits" "$busy" \
    "$errors / $(field degraded "$line")"
  echo "$label $line cpu_ticks=$((t1 - t0)) clk_tck=$CLK_TCK vmhwm_kb=$hwm startup_ms=$STARTUP_MS cache_hits=$hits host_busy=$busy own_ms=${own// /} cpu_sys_ticks=$((s1 - s0)) jit_ticks=$((j1 - j0)) gc_ticks=$((g1 - g0)) warmup_s=$WARMED_UP gc_pauses=${pauses// /,} alloc_kb_per_req=$alloc_kb syscalls_per_req=${calls// /_}" >> "$OUT/results.txt"
  stop_mosaic
}

# own_time LOG FROM-LINE: p50 / p99 of Mosaic's own time per 200 answer, from the access-log lines after FROM-LINE:
# durationMs - slowestCallMs, the time the request spent in Mosaic beyond its longest upstream call (the calls of
# these scenarios all run in parallel). What happens before Mosaic's handler runs (accept, read, waiting for a
# carrier thread) and after it returns (the write) is not in it.
own_time() {
  tail -n +"$(( $2 + 1 ))" "$1" \
    | awk 'match($0, /"status":200,"durationMs":[0-9.]+,"slowestCallMs":[0-9.]+/) {
             split(substr($0, RSTART, RLENGTH), a, /[:,]/); printf "%.3f\n", a[4] - a[6] }' \
    | sort -n \
    | awk '{ v[NR] = $1 }
           END { if (NR == 0) { print "–"; exit }
                 i50 = int(NR * 0.50); i99 = int(NR * 0.99); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1
                 printf "%.2f / %.2f", v[i50], v[i99] }'
}

# After a run with errors: keep a few answers (headers and the start of the body) to show what failed.
sample_answers() {
  local label=$1 id h curl_headers=(); shift
  for h in "$@"; do curl_headers+=(-H "$h"); done
  for id in 1 2 3; do
    { echo "### GET /api/deployables/$id"
      curl -s -i --max-time 5 "${curl_headers[@]}" "http://127.0.0.1:$MOSAIC_PORT/api/deployables/$id" | head -c 1500
      echo; } >> "$OUT/answers-$label.txt" 2>&1 || true
  done
  log "errors during the run; sample answers in $OUT/answers-$label.txt"
}

profile_composed() {  # a JFR CPU profile of the composed path (no cache) at 0 ms, recorded after a warm-up
  local jfr="$OUT/composed-zero.jfr" headers=("X-User-Id: alice" "Accept-Language: de") line
  MOSAIC_ENV=()
  setup_no_cache
  log "[zero] profile: starting Mosaic for a JFR recording"
  start_mosaic "$OUT/mosaic-profile.log" composed "" "${headers[@]}" \
    || { log "Mosaic did not start for the profile: $START_FAILURE"; return 0; }
  warm_up profile "${headers[@]}"
  "$JAVA_HOME/bin/jcmd" "$MOSAIC_PID" JFR.start name=bench settings=profile filename="$jfr" > "$OUT/jcmd.log" 2>&1
  log "[zero] profile: recording ${DURATION}s under load"
  line=$(run_wrk profile "$DURATION" "http://127.0.0.1:$MOSAIC_PORT" /api/deployables/ - "${headers[@]}")
  "$JAVA_HOME/bin/jcmd" "$MOSAIC_PID" JFR.stop name=bench >> "$OUT/jcmd.log" 2>&1
  stop_mosaic
  "$JAVA" "$BENCH_DIR/profile/JfrHotSpots.java" "$jfr" 20 "$(field requests "$line")" > "$OUT/profile.txt" 2>&1 || true
  log "profile: $jfr, summary in $OUT/profile.txt"
}

java_major() { "$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1; }

# The AOT cache of the production flags (JEP 483, 514, 515: classes loaded and linked, method profiles), written
# by the same training run as at image build (bff/aot-train.sh: demo upstreams, a few seconds of mixed traffic),
# for the jar and flags measured here. Needs JDK 25 or newer; without it, or with --no-aot, Mosaic runs without.
train_aot_cache() {
  local cache="$OUT/mosaic.aot"
  [ "$AOT" = 1 ] || return 0
  [ "$(java_major | cut -d. -f1)" -ge 25 ] 2>/dev/null || { log "JDK < 25: no AOT cache"; AOT=0; return 0; }
  log "AOT cache: training run (bff/aot-train.sh)"
  # shellcheck disable=SC2086  # JAVA_OPTS is a word list on purpose
  if ! JAVA="$JAVA" AOT_TRAIN_PORT_BASE=$((PORT_BASE + 10)) bash "$ROOT/bff/aot-train.sh" "$ROOT" "$MOSAIC_JAR" \
      "$DEMO_JAR" "$cache" $JAVA_OPTS > "$OUT/aot-training.log" 2>&1; then
    tail -n 20 "$OUT/aot-training.log" >&2
    die "AOT cache training failed (run with --no-aot to measure without)"
  fi
  JAVA_OPTS="-XX:AOTCache=$cache $JAVA_OPTS"
  log "AOT cache: $(tail -n 1 "$OUT/aot-training.log")"
}

# JVM start to first composed 200, STARTUP_REPEATS times with the production flags, then as often without the
# AOT cache, for comparison.
measure_startup() {
  local i headers=("X-User-Id: alice" "Accept-Language: de") with=() without=() saved=$JAVA_OPTS
  [ "$STARTUP_REPEATS" -gt 0 ] || return 0
  MOSAIC_ENV=()
  for i in $(seq 1 "$STARTUP_REPEATS"); do
    start_mosaic "$OUT/mosaic-startup-$i.log" composed "" "${headers[@]}" || { log "startup: $START_FAILURE"; return 0; }
    with+=("$STARTUP_MS"); STARTUPS+=("$STARTUP_MS"); stop_mosaic
  done
  log "startup with the production flags: ${with[*]} ms"
  add_row "startup, production flags (${#with[@]} starts)" "${PROFILE_TITLES[zero]}" "–" "–" "–" "–" "–" "–" "–" "–" \
    "$(median "${with[@]}") (best $(printf '%s\n' "${with[@]}" | sort -n | head -n 1))" "–" "–" "–"
  [ "$AOT" = 1 ] || return 0
  JAVA_OPTS=$PLAIN_JAVA_OPTS
  for i in $(seq 1 "$STARTUP_REPEATS"); do
    start_mosaic "$OUT/mosaic-startup-no-aot-$i.log" composed "" "${headers[@]}" \
      || { JAVA_OPTS=$saved; log "startup without AOT cache: $START_FAILURE"; return 0; }
    without+=("$STARTUP_MS"); stop_mosaic
  done
  JAVA_OPTS=$saved
  log "startup without the AOT cache: ${without[*]} ms"
  add_row "startup, production flags without the AOT cache (${#without[@]} starts)" "${PROFILE_TITLES[zero]}" "–" "–" \
    "–" "–" "–" "–" "–" "–" "$(median "${without[@]}") (best $(printf '%s\n' "${without[@]}" | sort -n | head -n 1))" \
    "–" "–" "–"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
over_rounds() { [ $# -gt 0 ] && echo "$(median "$@") ($(comma_list "$@"))" || echo "–"; }   # over_rounds VALUE...

machine() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)
  echo "$(nproc) CPUs ($cpu), $mem RAM, $(uname -sr), $("$JAVA" -version 2>&1 | head -n 1), $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
}

# --- main --------------------------------------------------------------------------------------------------
ensure_tools
perf_counts
pin_cpus
select_jdk
build_if_needed
SCENARIO_LINES=()
scenario() { local IFS=$'\x1f'; SCENARIO_LINES+=("$*"); }
define_scenarios
# The AOT cache is Mosaic's: not needed when only the floor runs and no profile is recorded.
mosaic_runs=$PROFILE
for s in "${SCENARIO_LINES[@]}"; do
  IFS=$'\x1f' read -r -a args <<<"$s"
  if [ "${args[3]}" != floor ] && selected "${args[0]}"; then mosaic_runs=1; fi
done
if selected startup && [ "$STARTUP_REPEATS" -gt 0 ]; then mosaic_runs=1; fi
[ "$mosaic_runs" = 0 ] || train_aot_cache

log "results in $OUT"
for profile in zero latency; do
  [[ ",$UPSTREAMS," == *",$profile,"* ]] || continue
  selected=()
  for s in "${SCENARIO_LINES[@]}"; do
    IFS=$'\x1f' read -r -a args <<<"$s"
    [ "${args[1]}" = "$profile" ] || continue
    selected "${args[0]}" || continue
    selected+=("$s")
  done
  want_profile=0
  if [ "$profile" = zero ] && [ "$PROFILE" = 1 ]; then want_profile=1; fi
  want_startup=0
  if [ "$profile" = zero ] && selected startup && [ "$STARTUP_REPEATS" -gt 0 ]; then want_startup=1; fi
  [ ${#selected[@]} -gt 0 ] || [ "$want_profile" = 1 ] || [ "$want_startup" = 1 ] || continue
  log "[$profile] demo upstreams: monolith/visual-design/translations ${PROFILE_LATENCIES[$profile]// //} ms"
  start_demo "$profile"
  # At 0 ms, one reference row: what one plain Helidon JSON GET (the demo monolith) costs on this machine.
  if [ "$profile" = zero ] && [ "$QUICK" = 0 ] && [ -z "$ONLY" ]; then critical_path zero monolith; fi
  for ROUND in $(seq 1 "$ROUNDS"); do
    [ "$ROUNDS" = 1 ] || [ ${#selected[@]} = 0 ] || log "[$profile] round $ROUND of $ROUNDS"
    for s in "${selected[@]+"${selected[@]}"}"; do
      IFS=$'\x1f' read -r -a args <<<"$s"
      [ "$profile" = zero ] || critical_path "$profile" "${args[4]}"
      run_scenario "${args[@]}"
    done
  done
  [ "$want_profile" = 0 ] || profile_composed
  [ "$want_startup" = 0 ] || measure_startup
  stop_demo
done

extended=""   # the warm-up's extension for the JIT, when there is one
[ "$WARMUP_MAX" -le "$WARMUP" ] || extended=" (longer while the JIT compiles, up to ${WARMUP_MAX}s)"
{
  echo
  echo "## Mosaic load benchmark"
  echo
  echo "Machine: $(machine)"
  echo "Load: wrk, $THREADS threads, $CONNECTIONS connections, ${WARMUP}s warm-up$extended then ${DURATION}s measured per scenario, ids 1..$IDS in turn"
  echo "Mosaic: $MOSAIC_JAR, JVM flags: $JAVA_OPTS"
  [ -z "$PINNING" ] || echo "CPUs: $PINNING"
  echo
  echo "| scenario | upstreams | req/s | p50 ms | p99 ms | p99.9 ms | CPU µs/req | peak RSS MB | overhead p50 / p99 ms | in Mosaic p50 / p99 ms | start→first 200 ms | enricher cache hits | host CPU busy | errors / degraded |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  if [ ${#STARTUPS[@]} -gt 0 ]; then
    echo "JVM start to first 200 with the production flags, over ${#STARTUPS[@]} starts: median $(median "${STARTUPS[@]}") ms, best $(printf '%s\n' "${STARTUPS[@]}" | sort -n | head -n1) ms."
  fi
  echo "Overhead: Mosaic's percentile minus the same percentile of wrk straight at the upstream it waits for (\"upstream alone\" rows), same run."
  echo "In Mosaic: from the access log of the measured run, per 200 answer, durationMs - slowestCallMs: the time in Mosaic's handler beyond its longest upstream call; accept, read and waiting for a thread before the handler, and the write after it, are not in it."
  echo "CPU µs/req: Mosaic's utime+stime delta over the measured run (/proc/PID/stat, CLK_TCK=$CLK_TCK), divided by the requests served; \"(demo)\": the same for the demo upstreams' process (a plain Helidon 4.5 JSON endpoint)."
  if [ ${#KERNEL_SHARES[@]} -gt 0 ]; then
    echo "Kernel's share of Mosaic's CPU (stime of utime+stime): $(comma_list "${KERNEL_SHARES[@]}")."
  fi
  if [ ${#WARMUPS[@]} -gt 0 ] && [ "$WARMUP_MAX" -gt "$WARMUP" ]; then
    echo "Warm-up until the JIT compiler threads used less than ${JIT_QUIET_PERCENT}% of a CPU over ${WARMUP_STEP} s (at most ${WARMUP_MAX} s): $(comma_list "${WARMUPS[@]}")."
  fi
  if [ ${#JIT_GC_SHARES[@]} -gt 0 ]; then
    echo "Of the CPU µs/req, the JIT compiler threads' / the VM and GC threads' (the collections, with Serial GC in the VM thread): $(comma_list "${JIT_GC_SHARES[@]}"). The compilers' part is warm-up still under way (large with --quick)."
  fi
  if [ ${#GC_PAUSES[@]} -gt 0 ]; then
    pauses_text=$(printf '%s; ' "${GC_PAUSES[@]}")
    echo "The collector's pauses in the measured run (-Xlog:gc; each process's log is mosaic-<scenario>-gc.log in the raw output): ${pauses_text%; }. A pause holds up a request when something the request waits for happens during it (an upstream's answer arriving, or its own work), by up to the pause's length."
  fi
  if [ ${#ALLOCATED[@]} -gt 0 ]; then
    echo "Allocated per request in the measured run (from the collector's log: what each young collection found in use over what the one before it left): $(comma_list "${ALLOCATED[@]}"). A count, not a time: it does not move with the machine's load, so two builds compare in one run each, once the JIT has settled (before, C2 has not yet removed short-lived objects and the count reads higher)."
  fi
  if [ ${#SYSCALL_COUNTS[@]} -gt 0 ]; then
    calls_text=$(printf '%s; ' "${SYSCALL_COUNTS[@]}")
    echo "System calls and context switches per request, every thread of the process (perf stat on the tracepoints, in a ${SYSCALL_SECONDS} s run of its own after the measured one): ${calls_text%; }. Counts, not times: they do not move with the machine's load."
  fi
  if [ ${#ROUND_LABELS[@]} -gt 0 ]; then
    echo
    echo "Over $ROUNDS rounds (the scenarios in turn, each round in the same order): median, then each round's figure."
    echo
    echo "| scenario | CPU µs/req | p99 ms | overhead p50 ms | overhead p99 ms |"
    echo "|---|---:|---:|---:|---:|"
    for label in "${ROUND_LABELS[@]}"; do
      # shellcheck disable=SC2086  # the values are space-separated on purpose
      echo "| $label | $(over_rounds ${ROUND_CPU[$label]}) | $(over_rounds ${ROUND_P99[$label]}) | $(over_rounds ${ROUND_O50[$label]:-}) | $(over_rounds ${ROUND_O99[$label]:-}) |"
      # shellcheck disable=SC2086
      CPU_US[$label]=$(median ${ROUND_CPU[$label]})   # the floor ratio below is of the medians
    done
    echo
  fi
  floor_ratios=()
  for profile in zero latency; do
    if [ -n "${CPU_US[composed-$profile]:-}" ] && [ "${CPU_US[floor-$profile]:-0}" -gt 0 ]; then
      floor_ratios+=("$(awk -v c="${CPU_US[composed-$profile]}" -v f="${CPU_US[floor-$profile]}" \
        'BEGIN{printf "%.2f", c / f}')× at ${PROFILE_TITLES[$profile]}")
    fi
  done
  ratio_text=""
  if [ ${#floor_ratios[@]} -gt 0 ]; then
    ratio_text=" Composed CPU per request over the floor's: $(comma_list "${floor_ratios[@]}")."
  fi
  if [ -n "${CPU_US[floor-zero]:-}${CPU_US[floor-latency]:-}" ]; then
    echo "floor: not Mosaic, but bench/floor/FanOutFloor.java, the composed path's three upstream calls on the same stack (Helidon's server, Mosaic's upstream client, virtual threads) with nothing else; its peak RSS is without the AOT cache.$ratio_text"
  fi
  echo "Peak RSS: VmHWM of Mosaic at the end of the scenario. Host CPU busy: all CPUs, every process, during the measured run."
  if [ "$PROFILE" = 1 ] && [ -f "$OUT/profile.txt" ]; then echo "CPU profile of the composed path: $OUT/profile.txt"; fi
  echo "Raw output: $OUT"
  echo
  echo "Command: $COMMAND"
} | tee "$OUT/summary.md"
