#!/usr/bin/env bash
# PostToolUse and UserPromptSubmit hook: Claude Code drops MCP resource notifications, so after
# each tool use and before each prompt this asks PeerCode for the deltas this session has not
# been given yet (the server keeps the cursor) and, only when there are some, adds them to the
# agent's context in a few compact lines. Silent when nothing is new or the server is unreachable:
# missing a wake-up loses nothing, the deltas wait on the server.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

input=$(cat)
event=$(printf '%s' "$input" | json_get hook_event_name) || event=PostToolUse
tool=$(printf '%s' "$input" | json_get tool_name) || tool=''
# The agent just read its deltas itself; do not hand them over twice.
case "$tool" in *peercode_get_deltas) exit 0 ;; esac
cwd=$(printf '%s' "$input" | json_get cwd) || cwd=$PWD
root=$(git -C "$cwd" rev-parse --show-toplevel 2>/dev/null) || root=$cwd
peercode_load_config "$root"
peercode_configured || exit 0

# text/plain: the server renders the compact lines, so this script needs no JSON parser.
digest=$(peercode_get "/api/v1/projects/$(url_encode "$PEERCODE_PROJECT")/deltas/digest?session=$(url_encode "$PEERCODE_SESSION")&limit=20" text/plain) || exit 0
[ -n "$digest" ] || exit 0
printf '{"hookSpecificOutput":{"hookEventName":"%s","additionalContext":"%s"}}\n' \
  "$(json_escape "$event")" "$(json_escape "$digest")"
