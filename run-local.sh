#!/usr/bin/env bash
# Command one: builds what changed, then starts PeerCode locally — embedded PostgreSQL and Redis,
# the planner, the lock service and the gateway — and prints the MCP and web UI URLs.
# Ctrl-C stops all of it. Configuration: see "Configuration" in README.md.
set -euo pipefail
cd "$(dirname "$0")"

stamp=launcher/target/.peercode-built
needs_build() {
  [ -f "$stamp" ] || return 0
  [ -n "$(find pom.xml .mvn ./*/pom.xml ./*/src -newer "$stamp" -type f -print -quit 2>/dev/null)" ]
}

if needs_build; then
  echo "[peercode] Building (first run or sources changed) ..."
  ./mvnw -q -DskipTests install
  touch "$stamp"
fi

export PEERCODE_HOME="$PWD"
# exec: Ctrl-C and SIGTERM reach the launcher directly, which stops everything it started.
# The launcher only starts, watches and restarts processes: a small heap, the serial collector, the quick
# compiler with one thread, glibc arenas and free memory handed back, keep its own JVM small (launcher/README.md,
# "Memory and start-up"; the services' own JVM options are in launcher/.../ServiceJvm.java).
export MALLOC_ARENA_MAX=2
exec java -Xmx24m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 \
  -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m \
  -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
  -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=10000 \
  -jar launcher/target/peercode-launcher.jar "$@"
