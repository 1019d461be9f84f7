#!/usr/bin/env bash
# The local stack's memory and start-up as ./run-local.sh runs it (dev.peercode.bench.Footprint): time to ready,
# RSS and PSS of every process idle after start-up and after a lock load, as a Markdown table (also in
# benchmarks/target/footprint-results.md). Build first: ./mvnw -B -q package -DskipTests
# Settings (environment): FOOTPRINT_STARTS (2), FOOTPRINT_SESSIONS (64), FOOTPRINT_LOAD_SECONDS (30),
# FOOTPRINT_SETTLE_SECONDS (10), PEERCODE_HOME (the repository root).
set -euo pipefail
cd "$(dirname "$0")/.."
export PEERCODE_HOME="${PEERCODE_HOME:-$PWD}"
exec java -Xmx256m -cp "$PEERCODE_HOME/benchmarks/target/peercode-benchmarks.jar" dev.peercode.bench.Footprint
