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
# compiler with one thread, glibc arenas and free memory handed back, keep its own JVM small. Its options are
# in launcher/launcher.jvm (a java @argfile, also used by launcher's FirstRunIT): up to 160 MB of heap, because on
# a machine's first run the embedded PostgreSQL unpacks its 14.7 MB xz archive in memory
# (launcher/README.md, "Memory and start-up"; the services' own JVM options are in launcher/.../ServiceJvm.java).
export MALLOC_ARENA_MAX=2
exec java @launcher/launcher.jvm -jar launcher/target/peercode-launcher.jar "$@"
