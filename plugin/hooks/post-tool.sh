#!/usr/bin/env bash
# PostToolUse and UserPromptSubmit hook.
#  - A PeerCode tool call (mcp__…peercode…__peercode_*) binds this Claude Code session to the
#    projectId/sessionId the agent passed (zero-config: "I'm alice, project proj_…" is enough), and
#    remembers the task it claimed, so auto-locks are tied to it.
#  - After a Bash command: the files it changed in the working tree (written since it started, or new
#    in git's status since the previous command) are compared with other sessions' locks; the agent
#    is told exactly which locked files it changed and how to undo it, and a warning delta goes to
#    the project's log.
#  - Claude Code drops MCP resource notifications, so the deltas this session has not been given
#    yet (the server keeps the cursor) are added to the agent's context in a few lines, unless the
#    plugin's monitor is running for this session (it delivers them between tool calls; one reader
#    of the cursor at a time, so no delta is handed over twice).
# The requests of one run go out together, the deltas' before git runs (lib.sh, peercode_queue).
set -uo pipefail
. "${BASH_SOURCE[0]%/*}/lib.sh"

read_all input
json_get hook_event_name "$input" && event=$REPLY || event=PostToolUse
json_get session_id "$input" && cc_session=$REPLY || cc_session=''
json_get tool_name "$input" && tool=$REPLY || tool=''
json_get cwd "$input" && PEERCODE_CWD=$REPLY || PEERCODE_CWD=$PWD
repo_root "$PEERCODE_CWD"
PEERCODE_ROOT=$REPLY
peercode_load_config "$PEERCODE_ROOT" "$cc_session"

said=()
case $tool in
  mcp__*peercode*__peercode_*)
    tool_input=${input#*\"tool_input\"}
    tool_input=${tool_input%%\"tool_response\"*}
    project='' session=''
    json_get projectId "$tool_input" && peercode_valid PEERCODE_PROJECT "$REPLY" && project=$REPLY
    json_get sessionId "$tool_input" && peercode_valid PEERCODE_SESSION "$REPLY" && session=$REPLY
    if [ "$PEERCODE_BOUND_BY" != environment ] && [ -n "$project" ] && [ -n "$session" ] &&
      { [ "$project" != "${PEERCODE_PROJECT:-}" ] || [ "$session" != "${PEERCODE_SESSION:-}" ]; }; then
      if peercode_save_binding "$project" "$session" '' "$PEERCODE_NOTICE"; then
        PEERCODE_PROJECT=$project PEERCODE_SESSION=$session PEERCODE_TASK=''
        peercode_load_config "$PEERCODE_ROOT" "$cc_session"
        said+=("PeerCode protection is on for this session: project $PEERCODE_PROJECT, session $PEERCODE_SESSION. Edits of files other sessions hold are refused, and a file you edit is locked for you until this session ends (mode $PEERCODE_LOCK_MODE).")
      fi
    fi
    # The claimed task, for auto-locks: peercode_update_task with status in_progress claims it.
    if [[ $tool == *peercode_update_task ]] && [ -n "${PEERCODE_PROJECT:-}" ] && json_get taskId "$tool_input" &&
      peercode_valid PEERCODE_TASK "$REPLY"; then
      task=$REPLY
      if json_get status "$tool_input"; then
        if [ "$REPLY" = in_progress ]; then
          peercode_save_binding "$PEERCODE_PROJECT" "$PEERCODE_SESSION" "$task" "$PEERCODE_NOTICE"
        elif [ "$task" = "$PEERCODE_TASK" ]; then
          peercode_save_binding "$PEERCODE_PROJECT" "$PEERCODE_SESSION" '' "$PEERCODE_NOTICE"
        fi
      fi
    fi
    ;;
esac
peercode_configured || exit 0

changed=()
locked=()
locked_paths=()
files=''
digest=''
queued=0

monitor_alive() {
  local at=0
  [ -n "$PEERCODE_BINDING_FILE" ] && [ -f "$PEERCODE_BINDING_FILE.monitor" ] || return 1
  read -r at <"$PEERCODE_BINDING_FILE.monitor" 2>/dev/null
  ((EPOCHSECONDS - ${at:-0} < 45))
}
# The deltas first: the server works on them while git runs. The agent just read its deltas itself,
# and the monitor delivers them when it runs.
first=0
case $tool in
  *peercode_get_deltas) ;;
  *) monitor_alive || { peercode_queue GET "$PEERCODE_API/deltas/digest?session=$PEERCODE_Q_SESSION&limit=20" '' && first=1 && queued=1; } ;;
esac

if [ "$tool" = Bash ] && json_get tool_use_id "$input" && [[ $REPLY =~ ^[A-Za-z0-9_-]+$ ]] &&
  [ -f "$PEERCODE_STATE_DIR/sessions/$cc_session.bash-$REPLY" ]; then
  mark=$PEERCODE_STATE_DIR/sessions/$cc_session.bash-$REPLY
  # The working tree's status after the previous shell command, then now (no mv/rm: each program
  # started costs milliseconds; the marks go at session end).
  tree=$PEERCODE_BINDING_FILE.tree
  declare -A before=()
  known=''
  if [ -f "$tree" ]; then
    known=yes
    while IFS= read -r -d '' entry; do before[$entry]=1; done <"$tree"
  fi
  git -C "$PEERCODE_ROOT" --no-optional-locks status --porcelain=v1 -z --untracked-files=all >"$tree" 2>/dev/null
  while IFS= read -r -d '' entry; do
    file=${entry:3}
    # Written since the command started (or in the same clock tick: file times are coarse), or (a
    # deletion, say) new in the status since the previous one.
    if [ -e "$PEERCODE_ROOT/$file" ] && ! [ "$PEERCODE_ROOT/$file" -ot "$mark" ] || { [ -n "$known" ] && [ -z "${before[$entry]:-}" ]; }; then
      changed+=("$file")
    fi
  done <"$tree"
  changed=("${changed[@]:0:20}")
  for file in "${changed[@]}"; do
    url_encode "$file"
    peercode_queue GET "$PEERCODE_API/locks/check?session=$PEERCODE_Q_SESSION&path=$REPLY" ''
    queued=1
  done
fi

collected=1
if [ "$queued" = 1 ]; then
  peercode_collect
  collected=$?
  # The deltas answer moved this session's cursor on the server: shown whenever it arrived, even if a
  # later lock check did not answer.
  if [ "$first" = 1 ] && [ "${PEERCODE_CODES[0]:-}" = 200 ] && [ -n "${PEERCODE_BODIES[0]:-}" ]; then
    digest=${PEERCODE_BODIES[0]}
  fi
fi
if [ "$collected" = 0 ]; then
  for i in "${!changed[@]}"; do
    [ "${PEERCODE_CODES[first + i]:-}" = 200 ] && json_true locked "${PEERCODE_BODIES[first + i]}" &&
      describe_lock "${changed[i]}" "${PEERCODE_BODIES[first + i]}" && locked+=("$REPLY") && locked_paths+=("${changed[i]}")
  done
  if [ ${#locked[@]} -gt 0 ]; then
    printf -v list '%s; ' "${locked[@]}"
    printf -v files '%s ' "${locked_paths[@]}"
    said+=("PeerCode: that command changed files another session holds: ${list%; }. Undo your change now: git checkout -- ${files% } (for tracked files; delete the file if you created it), or git stash push -- ${files% } to keep it aside; then pick other work, or ask the holder with peercode_start_debate. The other sessions were told in the project log.")
    json_escape "$PEERCODE_SESSION changed files locked by other sessions through a shell command: ${list%; }"
    summary=${REPLY:0:480}
    paths_json=''
    for file in "${locked_paths[@]}"; do
      json_escape "$file"
      paths_json+="\"$REPLY\","
    done
    peercode_send POST "$PEERCODE_API/deltas?session=$PEERCODE_Q_SESSION" \
      "{\"type\":\"warning\",\"summary\":\"$summary\",\"paths\":[${paths_json%,}]}"
  fi
fi
[ -z "$digest" ] || said+=("$digest")
[ ${#said[@]} -gt 0 ] || exit 0
printf -v text '%s\n' "${said[@]}"
visible=''
[ ${#locked[@]} -gt 0 ] && visible="PeerCode: locked files changed by a shell command: ${files% }"
emit_context "$event" "${text%$'\n'}" "$visible"
