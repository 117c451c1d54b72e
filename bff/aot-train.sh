#!/usr/bin/env bash
# Writes Mosaic's AOT cache (JDK 25+: classes loaded and linked, method profiles; JEP 483, 514, 515) with one
# training run: the demo upstreams, Mosaic started as the image starts it plus -XX:AOTCacheOutput, a few seconds
# of composed, direct and refused requests (io.mosaic.demo.Traffic), then SIGTERM; the JVM writes the cache as it
# exits. The Dockerfile runs it in the final image, where the cache must be used (same JVM, same jar paths).
#
#   bff/aot-train.sh <work-dir> <mosaic-jar> <demo-jar> <cache-file> [<jvm-flag>...]
#
#   <work-dir>    Mosaic's working directory (config/ and enrichers/ are read from it), as it will run: /app
#   <mosaic-jar>  the jar, with its libs/ beside it, by the path it will run with: a cache serves only the class
#                 path it was written for (in the image: mosaic.jar; in bench/run.sh: bff/target/mosaic.jar)
#   <demo-jar>    demo/target/mosaic-demo.jar; it runs with the Mosaic jar's libs/ on its class path
#   <jvm-flag>    Mosaic's production flags, as in the image's ENTRYPOINT (without -XX:AOTCache)
# Environment: JAVA (default: java on PATH), AOT_TRAIN_PORT_BASE (default 18080: Mosaic, then the three demo
# upstreams), AOT_TRAIN_SECONDS (default 6), AOT_TRAIN_MAX_RAM (default 320m, see below). Everything listens on
# 127.0.0.1 and is stopped at the end.
#
# The training JVM sizes its heap from AOT_TRAIN_MAX_RAM (-XX:MaxRAM, after the flags given), as a pod's JVM does
# from its memory limit (320Mi in k8s/base), not from the build machine's memory: with the image's
# MaxRAMPercentage=20, a machine of more than about 160 GB would give a heap over 32 GB, which has no compressed
# oops, and the JVM refuses a cache written so whenever its own heap is smaller ("Unable to use AOT cache").
set -euo pipefail

if [ $# -lt 4 ]; then
  echo "usage: $0 <work-dir> <mosaic-jar> <demo-jar> <cache-file> [<jvm-flag>...]" >&2
  exit 2
fi
workdir=$(cd "$1" && pwd)
jar=$2
libs=$(cd "$workdir" && cd "$(dirname "$jar")" && pwd)/libs
demo=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
cache=$4
shift 4
java=${JAVA:-java}
base=${AOT_TRAIN_PORT_BASE:-18080}
seconds=${AOT_TRAIN_SECONDS:-6}
max_ram=${AOT_TRAIN_MAX_RAM:-320m}

major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${major%%.*}" -lt 25 ]; then
  echo "aot-train: JDK $major has no -XX:AOTCacheOutput (JDK 25+ needed)" >&2
  exit 1
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

DEMO_MONOLITH_PORT=$((base + 1)) DEMO_VISUAL_DESIGN_PORT=$((base + 2)) DEMO_TRANSLATIONS_PORT=$((base + 3)) \
  "$java" -cp "$demo:$libs/*" io.mosaic.demo.DemoUpstreams > "$work/demo.log" 2>&1 &
pids+=($!)

(
  cd "$workdir"
  export SERVER_HOST=127.0.0.1 SERVER_PORT=$base
  export MOSAIC_UPSTREAMS_MONOLITH_URI=http://127.0.0.1:$((base + 1))
  export MOSAIC_UPSTREAMS_DESIGNS_URI=http://127.0.0.1:$((base + 2))
  export MOSAIC_UPSTREAMS_TRANSLATIONS_URI=http://127.0.0.1:$((base + 3))
  # Flags from config/unleash-bootstrap.json (alice composed, bob direct); no backup file left in the image.
  unset MOSAIC_UNLEASH_URL
  export MOSAIC_UNLEASH_BACKUP_dash_FILE="$work/unleash-backup.json"
  export MOSAIC_SHUTDOWN_DRAIN_dash_DELAY=PT0.01S
  # The Unleash engine's native library is unpacked into java.io.tmpdir: keep it out of the image.
  exec "$java" "$@" "-XX:MaxRAM=$max_ram" "-Djava.io.tmpdir=$work" "-XX:AOTCacheOutput=$cache" -jar "$jar"
) > "$work/mosaic.log" 2>&1 &
mosaic=$!
pids+=("$mosaic")

if ! "$java" -cp "$demo:$libs/*" io.mosaic.demo.Traffic "http://127.0.0.1:$base" "$seconds"; then
  echo "aot-train: training traffic failed; Mosaic's log:" >&2
  tail -n 40 "$work/mosaic.log" >&2
  exit 1
fi
kill -TERM "$mosaic"
wait "$mosaic" || true
if [ ! -s "$cache" ]; then
  echo "aot-train: no AOT cache written; Mosaic's log:" >&2
  tail -n 40 "$work/mosaic.log" >&2
  exit 1
fi
echo "aot-train: wrote $cache ($(du -h "$cache" | cut -f1))"
