#!/usr/bin/env bash
# PreToolUse hook for Edit, Write, MultiEdit and NotebookEdit: before the agent edits a file, ask
# PeerCode whether another session holds a lock covering it. Locked: deny the edit with the holder
# and the reason (or only warn, PEERCODE_LOCK_MODE=warn). Server unreachable: warn and allow, or
# deny (PEERCODE_UNREACHABLE). Not configured, or a file outside the repository: stay silent.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

input=$(cat)
cwd=$(printf '%s' "$input" | json_get cwd) || cwd=$PWD
file=$(printf '%s' "$input" | json_get file_path) || file=$(printf '%s' "$input" | json_get notebook_path) || exit 0
root=$(git -C "$cwd" rev-parse --show-toplevel 2>/dev/null) || root=$cwd
peercode_load_config "$root"
peercode_configured || exit 0
path=$(repo_relative "$root" "$file") || exit 0

deny() {
  printf '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"%s"}}\n' "$(json_escape "$1")"
  exit 0
}
warn() {
  printf '{"systemMessage":"%s","hookSpecificOutput":{"hookEventName":"PreToolUse","additionalContext":"%s"}}\n' \
    "$(json_escape "PeerCode: $1")" "$(json_escape "$1")"
  exit 0
}

answer=$(peercode_lock_check "$path")
case $? in
  0)
    message="$(printf '%s' "$answer" | describe_lock "$path"). Pick other work, wait for the lock to be released, or start a debate with peercode_start_debate; do not edit it now."
    [ "$PEERCODE_LOCK_MODE" = warn ] && warn "$message"
    deny "$message"
    ;;
  1) exit 0 ;;
  *)
    message="PeerCode at $PEERCODE_URL could not say whether $path is locked."
    [ "$PEERCODE_UNREACHABLE" = deny ] && deny "$message Editing is refused until it answers (PEERCODE_UNREACHABLE=deny)."
    warn "$message The edit goes ahead unchecked."
    ;;
esac
