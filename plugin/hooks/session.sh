#!/usr/bin/env bash
# SessionStart and SessionEnd hook.
#  - SessionStart, when this session is bound (environment, config file, or a resumed session's
#    learned binding): a compact digest for the agent — its locks and tasks, who is active, others'
#    locks — followed by the deltas it has not been given yet (one curl, two requests).
#  - SessionEnd: gives back what the session held — all its locks, and its place in the push queue
#    (or the token) — so the others need not wait for the TTLs.
set -uo pipefail
. "${BASH_SOURCE[0]%/*}/lib.sh"

read_all input
json_get hook_event_name "$input" && event=$REPLY || event=SessionStart
json_get session_id "$input" && cc_session=$REPLY || cc_session=''
json_get cwd "$input" && PEERCODE_CWD=$REPLY || PEERCODE_CWD=$PWD
repo_root "$PEERCODE_CWD"
PEERCODE_ROOT=$REPLY
peercode_load_config "$PEERCODE_ROOT" "$cc_session"
peercode_configured || exit 0

if [ "$event" = SessionEnd ]; then
  peercode_send POST "$PEERCODE_API/locks/release?session=$PEERCODE_Q_SESSION" '{}' \
    POST "$PEERCODE_API/sync/abort?session=$PEERCODE_Q_SESSION" '{}'
  [ -n "$PEERCODE_BINDING_FILE" ] && rm -f "$PEERCODE_BINDING_FILE".{monitor,monitor.new,locks,tree} "$PEERCODE_BINDING_FILE".bash-*
  exit 0
fi

peercode_get "$PEERCODE_API/sessions/$PEERCODE_Q_SESSION/digest" \
  "$PEERCODE_API/deltas/digest?session=$PEERCODE_Q_SESSION&limit=20" || exit 0
text=''
[ "${PEERCODE_CODES[0]}" = 200 ] && text=${PEERCODE_BODIES[0]}
[ "${PEERCODE_CODES[1]:-}" = 200 ] && [ -n "${PEERCODE_BODIES[1]}" ] && text+=$'\n'${PEERCODE_BODIES[1]}
[ -n "$text" ] || exit 0
emit_context SessionStart "$text"
