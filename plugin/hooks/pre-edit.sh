#!/usr/bin/env bash
# PreToolUse hook for Edit, Write, MultiEdit, NotebookEdit and Bash: before the agent changes a file,
# ask PeerCode about it.
#  - Edit/Write/…: the path is canonicalised (symbolic links resolved, '.', '..' and '//' folded).
#    Mode auto (default): one request takes or renews this session's lock on the file (tied to the
#    task it claimed); locked by another session → denied with holder, reason and what to do.
#    Mode deny: only checks; mode warn: only warns.
#  - Bash: the files the command obviously writes (redirections, sed -i, tee, mv/cp/rm/touch targets,
#    git checkout/restore of paths, …) are checked in one request; one locked by another session →
#    denied. It also marks when the command starts, for post-tool.sh to find what it really changed.
# A 4xx answer (e.g. an invalid path) is a deny with the server's words; an unreachable server gets
# PEERCODE_UNREACHABLE. Not bound to a project yet: says so once, then stays out of the way.
set -uo pipefail
. "${BASH_SOURCE[0]%/*}/lib.sh"

read_all input
json_get session_id "$input" && cc_session=$REPLY || cc_session=''
json_get cwd "$input" && PEERCODE_CWD=$REPLY || PEERCODE_CWD=$PWD
json_get tool_name "$input" && tool=$REPLY || tool=''
repo_root "$PEERCODE_CWD"
PEERCODE_ROOT=$REPLY
peercode_load_config "$PEERCODE_ROOT" "$cc_session"
if ! peercode_configured; then
  notice_not_active_once PreToolUse
  exit 0
fi

deny() {
  json_escape "$PEERCODE_REFUSED $1"
  printf '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"%s"}}\n' "$REPLY"
  exit 0
}
warn() {
  emit_context PreToolUse "$1" "PeerCode: $1"
  exit 0
}
unreachable() {
  local message="the PeerCode server at $PEERCODE_URL could not be asked whether $1 is locked."
  [ "$PEERCODE_UNREACHABLE" = deny ] && deny "$message Editing is refused until it answers (PEERCODE_UNREACHABLE=deny); try again shortly."
  warn "Warning: $message The change goes ahead unchecked."
}
next_steps="Pick other work, wait until the lock is released, or start a debate with peercode_start_debate; do not change the file now."

if [ "$tool" = Bash ]; then
  json_get command "$input" || exit 0
  command=$REPLY
  # When the command starts, for post-tool.sh: what it writes is newer than this mark. A mark, not a
  # git status: git costs 10-25 ms per shell command (plugin/README.md, "Speed").
  if json_get tool_use_id "$input" && [[ $REPLY =~ ^[A-Za-z0-9_-]+$ ]] && [ -n "${PEERCODE_STATE_DIR:-}" ] &&
    [ -e "$PEERCODE_ROOT/.git" ]; then
    : >"$PEERCODE_STATE_DIR/sessions/$cc_session.bash-$REPLY"
  fi
  . "${BASH_SOURCE[0]%/*}/bash-writes.sh"
  bash_write_targets "$command"
  canonical_paths "${TARGETS[@]}"
  [ ${#PATHS[@]} -gt 0 ] || exit 0
  urls=()
  for p in "${PATHS[@]:0:20}"; do
    url_encode "$p"
    urls+=("$PEERCODE_API/locks/check?session=$PEERCODE_Q_SESSION&path=$REPLY")
  done
  peercode_get "${urls[@]}" || unreachable "${PATHS[0]}"
  locked=()
  for i in "${!PEERCODE_CODES[@]}"; do
    code=${PEERCODE_CODES[i]}
    body=${PEERCODE_BODIES[i]}
    if [ "$code" = 200 ]; then
      json_true locked "$body" && describe_lock "${PATHS[i]}" "$body" && locked+=("$REPLY")
    elif [[ $code == 4* ]]; then
      problem_detail "$body" "$code"
      deny "this command writes ${PATHS[i]}, and PeerCode cannot check that path: $REPLY"
    else
      unreachable "${PATHS[i]}"
    fi
  done
  [ ${#locked[@]} -gt 0 ] || exit 0
  printf -v list '%s; ' "${locked[@]}"
  message="this command writes files another session holds: ${list%; }. $next_steps"
  [ "$PEERCODE_LOCK_MODE" = warn ] && warn "$message"
  deny "$message"
fi

json_get file_path "$input" || json_get notebook_path "$input" || exit 0
canonical_paths "$REPLY"
[ ${#PATHS[@]} -gt 0 ] || exit 0
path=${PATHS[0]}
url_encode "$path"
# When this session took or renewed the lock a short while ago, a check is enough: renewing on
# every edit would write a lock.renewed delta per edit into everyone's log.
recently_locked() {
  local at p
  [ -n "$PEERCODE_BINDING_FILE" ] && [ -f "$PEERCODE_BINDING_FILE.locks" ] || return 1
  while IFS=$'\t' read -r at p; do
    [ "$p" = "$path" ] && ((EPOCHSECONDS - at < PEERCODE_RENEW_SECONDS)) && return 0
  done <"$PEERCODE_BINDING_FILE.locks"
  return 1
}
PEERCODE_RENEW_SECONDS=300
if [ "$PEERCODE_LOCK_MODE" = auto ] && ! recently_locked; then
  json_escape "$path"
  body="{\"paths\":[\"$REPLY\"],\"reason\":\"editing (PeerCode auto-lock)\"${PEERCODE_TASK:+,\"taskId\":\"$PEERCODE_TASK\"}}"
  peercode_send POST "$PEERCODE_API/locks?session=$PEERCODE_Q_SESSION" "$body" || unreachable "$path"
  code=${PEERCODE_CODES[0]}
  answer=${PEERCODE_BODIES[0]}
  case $code in
    2*)
      [ -n "$PEERCODE_BINDING_FILE" ] && printf '%s\t%s\n' "$EPOCHSECONDS" "$path" >>"$PEERCODE_BINDING_FILE.locks"
      exit 0
      ;;
    409)
      describe_lock "$path" "$answer"
      deny "$REPLY. $next_steps"
      ;;
    4*)
      problem_detail "$answer" "$code"
      deny "PeerCode cannot lock $path: $REPLY"
      ;;
    *) unreachable "$path" ;;
  esac
fi

peercode_get "$PEERCODE_API/locks/check?session=$PEERCODE_Q_SESSION&path=$REPLY" || unreachable "$path"
code=${PEERCODE_CODES[0]}
answer=${PEERCODE_BODIES[0]}
case $code in
  200)
    json_true locked "$answer" || exit 0
    describe_lock "$path" "$answer"
    message="$REPLY. $next_steps"
    [ "$PEERCODE_LOCK_MODE" = warn ] && warn "$message"
    deny "$message"
    ;;
  4*)
    problem_detail "$answer" "$code"
    deny "PeerCode cannot check $path: $REPLY"
    ;;
  *) unreachable "$path" ;;
esac
