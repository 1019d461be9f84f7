#!/usr/bin/env bash
# Times the Claude Code plugin's hooks as Claude Code runs them (a shell starting the hook command,
# the hook's JSON on stdin) against a running PeerCode (PEERCODE_URL, e.g. a ./run-local.sh on other
# ports), N runs each, and prints p50 / p99 / max in milliseconds and the processes each hook starts
# (strace, when installed). Not part of the build; the figures go in plugin/README.md.
#   PEERCODE_URL=http://127.0.0.1:18980 benchmarks/hook-timings.sh [N]
set -euo pipefail
n=${1:-200}
url=${PEERCODE_URL:?set PEERCODE_URL to a running gateway}
hooks=$(cd "$(dirname "$0")/../plugin/hooks" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config
repo=$work/repo
mkdir -p "$repo/src" && git -C "$repo" init -q && echo hello >"$repo/src/app.ts"
project=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"name":"hook-timings"}' "$url/api/v1/projects?session=setup" |
  sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -d '{"paths":["src/locked.ts"],"reason":"timing"}' \
  "$url/api/v1/projects/$project/locks?session=alice"
mkdir -p "$XDG_STATE_HOME/peercode/sessions" "$XDG_CONFIG_HOME/peercode"
# A token in the user's config file, as a real install keeps it (local mode accepts any): validating it
# once cost ~120 ms per hook before the shape checks lost their bounded repetitions.
printf 'PEERCODE_TOKEN=pct_%s\n' "$(printf '%040d' 7)" >"$XDG_CONFIG_HOME/peercode/env"
printf 'PEERCODE_PROJECT=%s\nPEERCODE_SESSION=bob\n' "$project" >"$XDG_STATE_HOME/peercode/sessions/cc-bob"
export PEERCODE_URL=$url

input() { # event tool tool_input
  printf '{"session_id":"cc-bob","cwd":"%s","hook_event_name":"%s","tool_name":"%s","tool_use_id":"toolu_1","tool_input":%s}' \
    "$repo" "$1" "$2" "$3"
}
declare -A cases=(
  ["pre-edit, Edit of a free file (own lock renewed or checked)"]="pre-edit.sh|$(input PreToolUse Edit "{\"file_path\":\"$repo/src/app.ts\"}")"
  ["pre-edit, Edit of a file alice holds (denied)"]="pre-edit.sh|$(input PreToolUse Edit "{\"file_path\":\"$repo/src/locked.ts\"}")"
  ["pre-edit, Bash with no write (start mark)"]="pre-edit.sh|$(input PreToolUse Bash '{"command":"ls -la"}')"
  ["pre-edit, Bash writing a file alice holds (denied)"]="pre-edit.sh|$(input PreToolUse Bash '{"command":"sed -i s/a/b/ src/locked.ts"}')"
  ["post-tool, after Read (deltas)"]="post-tool.sh|$(input PostToolUse Read "{\"file_path\":\"$repo/src/app.ts\"}")"
  ["post-tool, after Bash (git status, changed files + deltas)"]="post-tool.sh|$(input PostToolUse Bash '{"command":"ls -la"}')"
  ["session start (digest + deltas)"]="session.sh|$(input SessionStart '' '{}')"
)
printf '%-58s %7s %7s %7s %6s\n' hook p50 p99 max procs
for name in "${!cases[@]}"; do
  script=${cases[$name]%%|*}
  json=${cases[$name]#*|}
  times=()
  for ((i = 0; i < n; i++)); do
    # after a Bash command, as in Claude Code: its pre-edit hook left the start mark
    [[ $name == *"after Bash"* ]] && : >"$XDG_STATE_HOME/peercode/sessions/cc-bob.bash-toolu_1"
    start=$EPOCHREALTIME
    printf '%s' "$json" | sh -c "bash \"$hooks/$script\"" >/dev/null
    end=$EPOCHREALTIME
    times+=($(((${end/./} - ${start/./}) / 1000)))
  done
  mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
  procs=-
  if command -v strace >/dev/null; then
    [[ $name == *"after Bash"* ]] && : >"$XDG_STATE_HOME/peercode/sessions/cc-bob.bash-toolu_1"
    procs=$(printf '%s' "$json" | strace -f -qq -e trace=execve -o "$work/trace" sh -c "bash \"$hooks/$script\"" >/dev/null 2>&1 &&
      grep -c 'execve(.*= 0$' "$work/trace")
  fi
  printf '%-58s %7s %7s %7s %6s\n' "$name" "${sorted[n / 2]}" "${sorted[n * 99 / 100]}" "${sorted[n - 1]}" "$procs"
done
