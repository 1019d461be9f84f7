#!/usr/bin/env bash
# The plugin's monitor (Claude Code arms it for the session's lifetime): once the session is bound
# to a PeerCode project, it long-polls the deltas this session has not been given (the server keeps
# the cursor) and prints one line per new delta, which Claude Code hands to the agent as a
# notification even while it thinks or waits for a long command. It refreshes a heartbeat the
# hooks read: while it runs, they leave the deltas to it, so no delta is handed over twice.
set -uo pipefail
. "${BASH_SOURCE[0]%/*}/../hooks/lib.sh"

cc_session=${CLAUDE_CODE_SESSION_ID:-}
cc_session_valid "$cc_session" || exit 0
PEERCODE_CWD=${CLAUDE_PROJECT_DIR:-$PWD}
repo_root "$PEERCODE_CWD"
PEERCODE_ROOT=$REPLY
unset PEERCODE_STATE_DIR_READY
while :; do
  peercode_load_config "$PEERCODE_ROOT" "$cc_session"
  if ! peercode_configured || [ -z "$PEERCODE_BINDING_FILE" ]; then
    sleep 2
    continue
  fi
  # Written aside and renamed: a hook reading it mid-write would take the monitor for gone.
  printf '%s\n' "$EPOCHSECONDS" >"$PEERCODE_BINDING_FILE.monitor.new" &&
    mv -f "$PEERCODE_BINDING_FILE.monitor.new" "$PEERCODE_BINDING_FILE.monitor"
  PEERCODE_TIMEOUT=30
  if peercode_get "$PEERCODE_API/deltas/digest?session=$PEERCODE_Q_SESSION&limit=20&waitSeconds=25" &&
    [ "${PEERCODE_CODES[0]}" = 200 ]; then
    while IFS= read -r line; do
      case $line in
        '#'*) printf 'PeerCode delta %s\n' "$line" ;;
        More*) printf 'PeerCode: %s\n' "$line" ;;
      esac
    done <<<"${PEERCODE_BODIES[0]}"
  else
    rm -f "$PEERCODE_BINDING_FILE.monitor"
    sleep 5
  fi
done
