# Sourced by .ci/run and demo/run.sh: makes JAVA_HOME point at a JDK 21 or newer, or fails clearly.
# Keeps a JAVA_HOME that is already new enough; otherwise searches the usual install locations.

mosaic_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

mosaic_select_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*-25* /usr/lib/jvm/*25* \
                   /usr/lib/jvm/*-21* /usr/lib/jvm/*21* /usr/lib/jvm/* /opt/java/* \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(mosaic_java_major "$candidate")
    major=${major%%.*}
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "error: Mosaic needs a JDK 21 or newer, and none was found." >&2
  echo "       Install one (e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+) and set JAVA_HOME." >&2
  return 1
}
