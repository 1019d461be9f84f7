# shellcheck shell=bash
# Shared by the PeerCode hooks, the monitor and the git guards. Needs bash (4.4+), curl, git and
# coreutils' realpath; no jq, no Python. Everything else is a bash builtin, because each process a
# hook starts costs milliseconds on every tool call (see plugin/README.md, "Speed").
#
# Where the settings come from, each later source winning over the earlier ones:
#   1. the binding this Claude Code session learned from the agent's own PeerCode tool calls
#      (projectId / sessionId), kept in $PEERCODE_STATE_DIR/sessions/<Claude Code session id>
#   2. .peercode.env at the repository root: data only (KEY=VALUE lines), never sourced, and never
#      PEERCODE_URL or PEERCODE_TOKEN (a file inside the repository must not send the token elsewhere)
#   3. ${XDG_CONFIG_HOME:-~/.config}/peercode/env: the user's own file, data only, every key
#   4. the environment
#
#   PEERCODE_URL          server base URL                          (default http://localhost:8080)
#   PEERCODE_PROJECT      project id, proj_…                       (unset and not learned: the hooks only say how to turn them on)
#   PEERCODE_SESSION      this agent's session name, e.g. alice
#   PEERCODE_TOKEN        agent token pct_…, sent as a bearer token (optional in local mode)
#   PEERCODE_LOCK_MODE    auto | deny | warn (default auto: an edit of a free file locks it for this session)
#   PEERCODE_UNREACHABLE  allow | deny: when the server cannot be asked (default allow, with a warning)
#   PEERCODE_SYNC_BRANCH  the shared branch guarded by the push token (default peer-progress)
#   PEERCODE_TIMEOUT      seconds one request may take (default 2)
#   PEERCODE_HTTP         curl: every request through curl, also to a server on this machine (which
#                         the hooks otherwise ask through bash's /dev/tcp); environment only

PEERCODE_REFUSED='PeerCode refused this edit:'
PEERCODE_KEYS='PEERCODE_PROJECT PEERCODE_SESSION PEERCODE_LOCK_MODE PEERCODE_UNREACHABLE PEERCODE_SYNC_BRANCH PEERCODE_TIMEOUT'
# How long a server that did not answer in time is not asked again (one short timeout per tool call, not two).
PEERCODE_QUIET_SECONDS=20

# Reads all of stdin into the variable named $1 without starting a process.
read_all() {
  IFS= read -r -d '' "$1" || true
}

# Sets REPLY to the first string value of "key" in $2 (JSON), unescaped; returns 1 when absent.
json_get() {
  local re="\"$1\"[[:space:]]*:[[:space:]]*\"(([^\"\\\\]|\\\\.)*)\""
  [[ $2 =~ $re ]] || return 1
  json_unescape "${BASH_REMATCH[1]}"
}

json_unescape() {
  local s=$1
  if [[ $s == *\\* ]]; then
    s=${s//\\\\/$'\001'}
    s=${s//\\\"/\"}
    s=${s//\\\//\/}
    s=${s//\\n/$'\n'}
    s=${s//\\t/$'\t'}
    s=${s//\\r/}
    s=${s//$'\001'/\\}
  fi
  REPLY=$s
}

# True when the JSON in $2 has "key": true.
json_true() {
  local re="\"$1\"[[:space:]]*:[[:space:]]*true"
  [[ $2 =~ $re ]]
}

# Sets REPLY to a string escaped for a JSON string literal (quotes not included).
json_escape() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/}
  s=${s//$'\t'/ }
  s=${s//[$'\001'-$'\037']/}
  REPLY=$s
}

# Sets REPLY to a string percent-encoded for a URL query value.
url_encode() {
  local LC_ALL=C s=$1 out='' c i hex
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) printf -v hex '%%%02X' "'$c"; out+=$hex ;;
    esac
  done
  REPLY=$out
}

# The per-user state directory (bindings, the unreachable memo): only this user can read it.
peercode_state_dir() {
  PEERCODE_STATE_DIR=${PEERCODE_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/peercode}
  if [ ! -d "$PEERCODE_STATE_DIR/sessions" ]; then
    (umask 077 && mkdir -p "$PEERCODE_STATE_DIR/sessions") 2>/dev/null || return 1
  fi
}

# http(s)://host[:port][/path]; the host may be an IPv6 literal in brackets.
PEERCODE_URL_SHAPE='^https?://[][A-Za-z0-9.:_-]+(/[A-Za-z0-9._~/-]*)?$'
# A value is accepted only in the shape its key allows: config files are data, not code. Lengths are
# checked apart: bash compiles a regular expression on every match, and a bounded repetition such as
# {1,4096} costs glibc ~120 ms to compile (every hook, for a token in the user's config file).
peercode_valid() {
  case $1 in
    PEERCODE_PROJECT) [[ $2 =~ ^proj_[A-Za-z0-9_-]+$ ]] && ((${#2} <= 69)) ;;
    PEERCODE_SESSION) [[ $2 =~ ^[a-z0-9][a-z0-9_-]*$ ]] && ((${#2} <= 64)) ;;
    PEERCODE_TASK) [[ $2 =~ ^task_[A-Za-z0-9_-]+$ ]] && ((${#2} <= 69)) ;;
    PEERCODE_LOCK_MODE) [[ $2 =~ ^(auto|deny|warn)$ ]] ;;
    PEERCODE_UNREACHABLE) [[ $2 =~ ^(allow|deny)$ ]] ;;
    PEERCODE_SYNC_BRANCH) [[ $2 =~ ^[A-Za-z0-9._/-]+$ && $2 != *..* ]] && ((${#2} <= 200)) ;;
    PEERCODE_TIMEOUT) [[ $2 =~ ^[0-9][0-9]?(\.[0-9][0-9]?[0-9]?)?$ ]] ;;
    PEERCODE_URL) [[ $2 =~ $PEERCODE_URL_SHAPE ]] ;;
    PEERCODE_TOKEN) [[ $2 =~ ^[A-Za-z0-9._~+/=-]+$ ]] && ((${#2} <= 4096)) ;;
    NOTICE) [[ $2 =~ ^[a-z]+$ ]] ;;
    *) return 1 ;;
  esac
}

# The Claude Code session id from a hook's input or the monitor's environment: a file name.
cc_session_valid() {
  [[ $1 =~ ^[A-Za-z0-9_-]+$ ]] && ((${#1} <= 128))
}

# Reads KEY=VALUE lines of file $1 for the keys listed in $2 into variables named cfg_KEY. Anything
# else (commands, $(…), other keys, malformed values) is ignored: the file is never executed.
peercode_read_data() {
  local file=$1 allowed=" $2 " line key value
  [ -f "$file" ] && [ -r "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%$'\r'}
    [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Z_]+)=(.*)$ ]] || continue
    key=${BASH_REMATCH[2]}
    value=${BASH_REMATCH[3]}
    [[ $allowed == *" $key "* ]] || continue
    if [[ $value =~ ^\"(.*)\"[[:space:]]*$ || $value =~ ^\'(.*)\'[[:space:]]*$ ]]; then
      value=${BASH_REMATCH[1]}
    else
      value=${value%%[[:space:]]#*}
      value=${value%"${value##*[![:space:]]}"}
    fi
    peercode_valid "$key" "$value" || continue
    printf -v "cfg_$key" '%s' "$value"
  done <"$file"
}

# Loads the settings for the repository at $1 and the Claude Code session $2 (may be empty).
peercode_load_config() {
  local root=${1:-} cc_session=${2:-} key var
  local cfg_PEERCODE_PROJECT='' cfg_PEERCODE_SESSION='' cfg_PEERCODE_LOCK_MODE='' cfg_PEERCODE_UNREACHABLE='' \
    cfg_PEERCODE_SYNC_BRANCH='' cfg_PEERCODE_TIMEOUT='' cfg_PEERCODE_URL='' cfg_PEERCODE_TOKEN='' \
    cfg_PEERCODE_TASK='' cfg_NOTICE=''
  PEERCODE_BINDING_FILE=''
  PEERCODE_BOUND_BY=''
  if cc_session_valid "$cc_session" && peercode_state_dir; then
    PEERCODE_BINDING_FILE=$PEERCODE_STATE_DIR/sessions/$cc_session
    peercode_read_data "$PEERCODE_BINDING_FILE" 'PEERCODE_PROJECT PEERCODE_SESSION PEERCODE_TASK NOTICE'
    [ -n "$cfg_PEERCODE_PROJECT" ] && PEERCODE_BOUND_BY=binding
  fi
  PEERCODE_NOTICE=$cfg_NOTICE
  PEERCODE_TASK=$cfg_PEERCODE_TASK
  [ -n "$root" ] && peercode_read_data "$root/.peercode.env" "$PEERCODE_KEYS"
  peercode_read_data "${XDG_CONFIG_HOME:-$HOME/.config}/peercode/env" "$PEERCODE_KEYS PEERCODE_URL PEERCODE_TOKEN"
  for key in $PEERCODE_KEYS PEERCODE_URL PEERCODE_TOKEN; do
    var=cfg_$key
    if [ -n "${!key:-}" ]; then
      [ "$key" = PEERCODE_PROJECT ] && PEERCODE_BOUND_BY=environment
    elif [ -n "${!var}" ]; then
      printf -v "$key" '%s' "${!var}"
    fi
  done
  PEERCODE_URL=${PEERCODE_URL:-http://localhost:8080}
  PEERCODE_URL=${PEERCODE_URL%/}
  PEERCODE_LOCK_MODE=${PEERCODE_LOCK_MODE:-auto}
  PEERCODE_UNREACHABLE=${PEERCODE_UNREACHABLE:-allow}
  PEERCODE_SYNC_BRANCH=${PEERCODE_SYNC_BRANCH:-peer-progress}
  PEERCODE_TIMEOUT=${PEERCODE_TIMEOUT:-2}
  url_encode "${PEERCODE_PROJECT:-}"
  PEERCODE_API=$PEERCODE_URL/api/v1/projects/$REPLY
  url_encode "${PEERCODE_SESSION:-}"
  PEERCODE_Q_SESSION=$REPLY
}

# True when the hooks know which project and session they speak for.
peercode_configured() {
  [ -n "${PEERCODE_PROJECT:-}" ] && [ -n "${PEERCODE_SESSION:-}" ]
}

# Writes this Claude Code session's binding (0600, in the user's state directory).
peercode_save_binding() {
  [ -n "$PEERCODE_BINDING_FILE" ] || return 1
  (umask 077 && printf 'PEERCODE_PROJECT=%s\nPEERCODE_SESSION=%s\nPEERCODE_TASK=%s\nNOTICE=%s\n' \
    "$1" "$2" "${3:-}" "${4:-}" >"$PEERCODE_BINDING_FILE.tmp" && mv -f "$PEERCODE_BINDING_FILE.tmp" "$PEERCODE_BINDING_FILE")
}

# A server that accepted the connection but did not answer in time is left alone for a while, so
# the next hook of the same tool call does not wait again.
peercode_quiet() {
  local url='' at=0
  [ -n "${PEERCODE_STATE_DIR:-}" ] && [ -f "$PEERCODE_STATE_DIR/unreachable" ] || return 1
  { read -r url && read -r at; } <"$PEERCODE_STATE_DIR/unreachable" 2>/dev/null
  [ "$url" = "$PEERCODE_URL" ] && ((EPOCHSECONDS - ${at:-0} < PEERCODE_QUIET_SECONDS))
}

# Requests to the server: each three arguments are one request, METHOD URL BODY (BODY empty: none;
# otherwise JSON). Sets PEERCODE_BODIES (array: one body per request) and PEERCODE_CODES (their HTTP
# status, 000 when there was none). Returns 2 when the server could not be reached, else 0.
# A server on this machine (http:// on a loopback address) is asked through bash's own /dev/tcp:
# starting curl alone takes ~25 ms on the 2-core machines we measure on, most of a hook's budget
# (plugin/README.md, "Speed"). Any other server, a bash without /dev/tcp, or PEERCODE_HTTP=curl gets
# one curl for all.
peercode_send() {
  while [ $# -ge 3 ]; do
    peercode_queue "$1" "$2" "$3"
    shift 3
  done
  peercode_collect
}

# peercode_send for requests that all GET the URLs given.
peercode_get() {
  local url
  for url in "$@"; do peercode_queue GET "$url" ''; done
  peercode_collect
}

# Queues one request (METHOD URL BODY) for peercode_collect. A request to a server on this machine
# goes out at once, so the server works on it while the hook does something else (git status, say).
PEERCODE_OPEN=()
PEERCODE_PENDING=()
PEERCODE_SILENT=''
peercode_queue() {
  if [ ${#PEERCODE_OPEN[@]} -eq 0 ] && [ ${#PEERCODE_PENDING[@]} -eq 0 ]; then
    PEERCODE_SILENT=''
    peercode_quiet && PEERCODE_SILENT=yes
  fi
  [ -z "$PEERCODE_SILENT" ] || return 0
  # Once one request could not connect, the rest go to curl too, in order.
  if [ ${#PEERCODE_PENDING[@]} -eq 0 ] && [ "${PEERCODE_HTTP:-}" != curl ] &&
    [[ $PEERCODE_URL =~ ^http://(127\.[0-9.]+|localhost|\[::1\])(:([0-9]+))?(/|$) ]] &&
    peercode_tcp_send "${BASH_REMATCH[1]}" "${BASH_REMATCH[3]:-80}" "$1" "$2" "$3"; then
    PEERCODE_OPEN+=("$REPLY")
  else
    PEERCODE_PENDING+=("$1" "$2" "$3")
  fi
}

# The answers to the queued requests, in their order: see peercode_send.
peercode_collect() {
  local fd failed='' silent=$PEERCODE_SILENT
  local -a open=("${PEERCODE_OPEN[@]}") pending=("${PEERCODE_PENDING[@]}")
  PEERCODE_OPEN=()
  PEERCODE_PENDING=()
  PEERCODE_SILENT=''
  PEERCODE_BODIES=()
  PEERCODE_CODES=()
  [ -z "$silent" ] || return 2
  for fd in "${open[@]}"; do
    [ -n "$failed" ] || peercode_tcp_receive "$fd" || failed=yes
    exec {fd}>&-
  done
  [ -z "$failed" ] || return 2
  # Those that could not connect: curl says whether anybody listens.
  [ ${#pending[@]} -eq 0 ] || peercode_curl "${pending[@]}"
}

# Sends one HTTP/1.1 request over /dev/tcp to host $1 (an IPv6 literal in brackets) port $2: method
# $3, URL $4, JSON body $5 (may be empty). Sets REPLY to the connection's file descriptor; returns 1
# when no connection could be opened.
peercode_tcp_send() {
  local LC_ALL=C host=$1 port=$2 method=$3 target=/${4#*://*/} body=$5 fd address=${1#[}
  local headers="Host: $host:$port"$'\r\n'
  { exec {fd}<>"/dev/tcp/${address%]}/$port"; } 2>/dev/null || return 1
  [ -n "${PEERCODE_TOKEN:-}" ] && headers+="Authorization: Bearer $PEERCODE_TOKEN"$'\r\n'
  [ -n "$body" ] && headers+="Content-Type: application/json"$'\r\n'"Content-Length: ${#body}"$'\r\n'
  # A server that closes early must not kill the hook with SIGPIPE.
  trap '' PIPE
  printf '%s %s HTTP/1.1\r\n%sAccept: application/json, text/plain\r\nX-PeerCode-Session: %s\r\nConnection: close\r\n\r\n%s' \
    "$method" "$target" "$headers" "${PEERCODE_SESSION:-}" "$body" >&"$fd" 2>/dev/null
  REPLY=$fd
}

# Reads the answer on connection $1 (status line, headers, a body of Content-Length, chunked or up to
# the close) into PEERCODE_BODIES / PEERCODE_CODES. Returns 2 when the server did not answer (in time,
# or in HTTP).
peercode_tcp_receive() {
  local LC_ALL=C fd=$1 line code got size chunk length='' chunked='' answer=''
  IFS= read -r -t "$PEERCODE_TIMEOUT" -u "$fd" line
  got=$?
  if [ "$got" != 0 ]; then
    [ "$got" -gt 128 ] && peercode_unanswered
    return 2
  fi
  [[ $line =~ ^HTTP/1\.[01]\ ([0-9][0-9][0-9]) ]] || return 2
  code=${BASH_REMATCH[1]}
  while IFS= read -r -t "$PEERCODE_TIMEOUT" -u "$fd" line; do
    line=${line%$'\r'}
    [ -n "$line" ] || break
    case ${line,,} in
      content-length:*) length=${line#*:} && length=${length//[!0-9]/} ;;
      transfer-encoding:*chunked*) chunked=yes ;;
    esac
  done
  if [ -n "$chunked" ]; then
    while IFS= read -r -t "$PEERCODE_TIMEOUT" -u "$fd" line && [[ $line =~ ^([0-9A-Fa-f]+) ]]; do
      size=$((16#${BASH_REMATCH[1]}))
      [ "$size" -gt 0 ] || break
      IFS= read -r -N "$size" -t "$PEERCODE_TIMEOUT" -u "$fd" chunk || break
      answer+=$chunk
      IFS= read -r -t "$PEERCODE_TIMEOUT" -u "$fd" line || break
    done
  elif [ -n "$length" ]; then
    [ "$length" -eq 0 ] || IFS= read -r -N "$length" -t "$PEERCODE_TIMEOUT" -u "$fd" answer
  else
    IFS= read -r -d '' -t "$PEERCODE_TIMEOUT" -u "$fd" answer
  fi
  PEERCODE_BODIES+=("$answer")
  PEERCODE_CODES+=("$code")
}

# Remembers that the server accepted the connection but did not answer in time (see peercode_quiet).
peercode_unanswered() {
  [ -n "${PEERCODE_STATE_DIR:-}" ] &&
    printf '%s\n%s\n' "$PEERCODE_URL" "$EPOCHSECONDS" >"$PEERCODE_STATE_DIR/unreachable" 2>/dev/null
}

# The requests of peercode_send (METHOD URL BODY triples) in one curl, one transfer per request.
peercode_curl() {
  local out status=0 line body='' n=${#PEERCODE_CODES[@]} first=${#PEERCODE_CODES[@]}
  local -a auth=() args=()
  [ -n "${PEERCODE_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $PEERCODE_TOKEN")
  while [ $# -ge 3 ]; do
    [ ${#args[@]} -eq 0 ] || args+=(--next)
    args+=(-sS --connect-timeout 1 --max-time "$PEERCODE_TIMEOUT" -H 'Accept: application/json, text/plain'
      -H "X-PeerCode-Session: ${PEERCODE_SESSION:-}" "${auth[@]}" -w '\n@PEERCODE-STATUS %{http_code}\n' -X "$1")
    [ -z "$3" ] || args+=(-H 'Content-Type: application/json' --data-binary "$3")
    args+=("$2")
    shift 3
  done
  out=$(curl "${args[@]}" 2>/dev/null) || status=$?
  while IFS= read -r line; do
    if [[ $line == '@PEERCODE-STATUS '* ]]; then
      PEERCODE_BODIES[n]=${body%$'\n'}
      PEERCODE_CODES[n]=${line#@PEERCODE-STATUS }
      n=$((n + 1))
      body=''
    else
      body+=$line$'\n'
    fi
  done <<<"$out"
  [ "$status" = 28 ] && peercode_unanswered
  # Whether curl reached anybody: its own first answer (earlier ones may have come over /dev/tcp).
  [ "$n" -gt "$first" ] && [ "${PEERCODE_CODES[first]}" != 000 ] || return 2
  return 0
}

# The repository root for a directory ($1, absolute) in REPLY: the nearest folder with a .git entry
# (a worktree's .git is a file); the directory itself outside git. Builtins only.
repo_root() {
  local d=$1
  while [ -n "$d" ]; do
    if [ -e "$d/.git" ]; then
      REPLY=$d
      return 0
    fi
    d=${d%/*}
  done
  REPLY=$1
}

# Sets REPLY to an absolute path with '.', '..' and empty segments folded (no file system access).
fold_path() {
  local IFS=/ part out=''
  local -a parts
  read -ra parts <<<"$1"
  for part in "${parts[@]}"; do
    case $part in
      '' | .) ;;
      ..) out=${out%/*} ;;
      *) out+=/$part ;;
    esac
  done
  REPLY=${out:-/}
}

# True when a prefix of the absolute path $1 is a symbolic link.
has_symlink() {
  local p=$1 prefix=''
  local IFS=/ part
  local -a parts
  read -ra parts <<<"$p"
  for part in "${parts[@]}"; do
    [ -n "$part" ] || continue
    prefix+=/$part
    [ -L "$prefix" ] && return 0
  done
  return 1
}

# Canonical repository-relative paths of the files named in the arguments (absolute, or relative to
# $PEERCODE_CWD), inside the repository $PEERCODE_ROOT, in the array PATHS: symbolic links resolved,
# '.', '..' and '//' folded, files outside the repository left out. Folded in bash; only when a
# symbolic link is on the way does one realpath resolve them all.
canonical_paths() {
  local root p linked=''
  local -a abs=()
  PATHS=()
  for p in "$@"; do
    [ -n "$p" ] || continue
    [[ $p == /* ]] || p=$PEERCODE_CWD/$p
    abs+=("$p")
    has_symlink "$p" && linked=yes
  done
  [ ${#abs[@]} -gt 0 ] || return 0
  has_symlink "$PEERCODE_ROOT" && linked=yes
  local -a real=()
  if [ -n "$linked" ]; then
    mapfile -t real < <(realpath -m -- "$PEERCODE_ROOT" "${abs[@]}" 2>/dev/null)
  else
    fold_path "$PEERCODE_ROOT"
    real=("$REPLY")
    for p in "${abs[@]}"; do
      fold_path "$p"
      real+=("$REPLY")
    done
  fi
  root=${real[0]:-$PEERCODE_ROOT}
  for p in "${real[@]:1}"; do
    case "$p" in
      "$root"/*) PATHS+=("${p#"$root"/}") ;;
    esac
  done
}

# Sets REPLY to one line describing a lock of another session from a lock-check answer ($2) for path $1.
describe_lock() {
  local answer=$2 line holder='another session'
  json_get holder "$answer" && holder=$REPLY
  line="$1 is locked by $holder"
  json_get path "$answer" && [ "$REPLY" != "$1" ] && line+=" (lock on $REPLY)"
  json_get expiresAt "$answer" && line+=" until $REPLY"
  json_get reason "$answer" && [ -n "$REPLY" ] && line+=" for '$REPLY'"
  json_get taskId "$answer" && [ -n "$REPLY" ] && line+=" (task $REPLY)"
  REPLY=$line
}

# Sets REPLY to the server's own words for an error answer (problem+json detail), or a fallback.
problem_detail() {
  json_get detail "$1" || json_get title "$1" || REPLY="the server answered HTTP $2"
}

# Prints a hook answer: additional context for the model (and optionally a line the user sees).
emit_context() {
  local event=$1 context=$2 visible=${3:-} ctx
  json_escape "$context"
  ctx=$REPLY
  if [ -n "$visible" ]; then
    json_escape "$visible"
    printf '{"systemMessage":"%s","hookSpecificOutput":{"hookEventName":"%s","additionalContext":"%s"}}\n' "$REPLY" "$event" "$ctx"
  else
    printf '{"hookSpecificOutput":{"hookEventName":"%s","additionalContext":"%s"}}\n' "$event" "$ctx"
  fi
}

# The words the hooks use when they are not bound to a project yet (said once per Claude Code session).
PEERCODE_NOT_ACTIVE="PeerCode protection is not active in this session yet: the hooks do not know the project and your session name, so edits are not checked against other sessions' locks. To turn it on, call a PeerCode tool with projectId and sessionId (for example peercode_get_project), or set PEERCODE_PROJECT and PEERCODE_SESSION."

# Says $PEERCODE_NOT_ACTIVE once for this Claude Code session (event $1). Returns 1 when already said.
notice_not_active_once() {
  [ -n "$PEERCODE_BINDING_FILE" ] && [ "$PEERCODE_NOTICE" != said ] || return 1
  peercode_save_binding '' '' '' said || return 1
  emit_context "$1" "$PEERCODE_NOT_ACTIVE" "PeerCode: protection is not active yet (no project/session known). Tell the agent which PeerCode project and session to use."
}
