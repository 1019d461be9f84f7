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
# The launcher only starts, watches and restarts processes: a small heap, the serial collector and the
# quick compiler keep its own JVM near 90 MB resident instead of ~340 MB (launcher/README.md).
exec java -Xmx64m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m \
  -XX:MaxMetaspaceSize=64m -jar launcher/target/peercode-launcher.jar "$@"
