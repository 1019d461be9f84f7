# shellcheck shell=bash
# Shared by the PeerCode hooks. Needs only bash and curl: no jq, no Python.
#
# Configuration (environment, or a .peercode.env file at the repository root, which is sourced
# when present — it must not hold the token if the repository is shared; use the environment):
#   PEERCODE_URL          server base URL                          (default http://localhost:8080)
#   PEERCODE_PROJECT      project id, proj_…                       (unset: the hooks do nothing)
#   PEERCODE_SESSION      this agent's session name, e.g. alice    (unset: the hooks do nothing)
#   PEERCODE_TOKEN        agent token pct_…, sent as a bearer token (optional in local mode)
#   PEERCODE_LOCK_MODE    deny | warn: what an edit of a file locked by another session gets (default deny)
#   PEERCODE_UNREACHABLE  allow | deny: what happens when the server cannot be asked (default allow, with a warning)
#   PEERCODE_SYNC_BRANCH  the shared branch guarded by the push token (default peer-progress)
#   PEERCODE_TIMEOUT      seconds one request may take (default 3)

peercode_load_config() {
  local root=${1:-}
  if [ -n "$root" ] && [ -f "$root/.peercode.env" ]; then
    # shellcheck disable=SC1091
    . "$root/.peercode.env"
  fi
  PEERCODE_URL=${PEERCODE_URL:-http://localhost:8080}
  PEERCODE_URL=${PEERCODE_URL%/}
  PEERCODE_LOCK_MODE=${PEERCODE_LOCK_MODE:-deny}
  PEERCODE_UNREACHABLE=${PEERCODE_UNREACHABLE:-allow}
  PEERCODE_SYNC_BRANCH=${PEERCODE_SYNC_BRANCH:-peer-progress}
  PEERCODE_TIMEOUT=${PEERCODE_TIMEOUT:-3}
}

# True when the hooks know which project and session they speak for.
peercode_configured() {
  [ -n "${PEERCODE_PROJECT:-}" ] && [ -n "${PEERCODE_SESSION:-}" ]
}

# Prints the first string value of "key" in the JSON on stdin, unescaped. Hook input is
# produced by Claude Code, so a flat search is enough for the keys we read (file_path, cwd, …).
json_get() {
  local key=$1 raw
  raw=$(grep -o "\"$key\"[[:space:]]*:[[:space:]]*\"\\([^\"\\\\]\\|\\\\.\\)*\"" | head -n 1) || return 1
  [ -n "$raw" ] || return 1
  raw=${raw#*:}
  raw=${raw#*\"}
  raw=${raw%\"}
  printf '%s' "$raw" | sed -e 's/\\"/"/g' -e 's#\\/#/#g' -e 's/\\\\/\\/g'
}

# True when the JSON on stdin has "key": true.
json_true() {
  grep -q "\"$1\"[[:space:]]*:[[:space:]]*true"
}

# Escapes a string for a JSON string literal (quotes not included).
json_escape() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '%s' "$s" | LC_ALL=C tr -d '\000-\010\013\014\016-\037'
}

# Percent-encodes a string for a URL query value.
url_encode() {
  local LC_ALL=C s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

# GET a PeerCode API path (optional second argument: the media type to accept, default JSON).
# Prints the body; returns 0 on HTTP 200, 1 when the server answered something else, 2 when it
# could not be reached.
peercode_get() {
  local path=$1 accept=${2:-application/json} out code
  local -a auth=()
  [ -n "${PEERCODE_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $PEERCODE_TOKEN")
  out=$(curl -sS --max-time "$PEERCODE_TIMEOUT" -H "Accept: $accept" \
    -H "X-PeerCode-Session: $PEERCODE_SESSION" "${auth[@]}" \
    -w '\n%{http_code}' "$PEERCODE_URL$path" 2>/dev/null) || return 2
  code=${out##*$'\n'}
  printf '%s' "${out%$'\n'*}"
  [ "$code" = 200 ] || return 1
}

# Repository-relative path of an absolute file path, or nothing when it lies outside the repository.
repo_relative() {
  local root=$1 file=$2
  case "$file" in
    "$root"/*) printf '%s' "${file#"$root"/}" ;;
    /*) return 1 ;;
    *) printf '%s' "${file#./}" ;;
  esac
}

# Asks whether another session holds a lock covering a repository-relative path. Prints the
# server's JSON answer. Returns 0 when locked by another session, 1 when free, 2 when the server
# could not be asked (unreachable, or an error answer).
peercode_lock_check() {
  local answer status=0
  answer=$(peercode_get "/api/v1/projects/$(url_encode "$PEERCODE_PROJECT")/locks/check?session=$(url_encode "$PEERCODE_SESSION")&path=$(url_encode "$1")") || status=$?
  printf '%s' "$answer"
  [ "$status" = 0 ] || return 2
  printf '%s' "$answer" | json_true locked
}

# One line describing a lock held by another session, from a lock-check answer on stdin.
describe_lock() {
  local answer path holder reason task expires line
  answer=$(cat)
  path=$(printf '%s' "$answer" | json_get path) || path=$1
  holder=$(printf '%s' "$answer" | json_get holder) || holder='another session'
  reason=$(printf '%s' "$answer" | json_get reason) || reason=''
  task=$(printf '%s' "$answer" | json_get taskId) || task=''
  expires=$(printf '%s' "$answer" | json_get expiresAt) || expires=''
  line="${1} is locked by ${holder}"
  [ "$path" != "$1" ] && line+=" (lock on ${path})"
  [ -n "$expires" ] && line+=" until ${expires}"
  [ -n "$reason" ] && line+=" for '${reason}'"
  [ -n "$task" ] && line+=" (task ${task})"
  printf '%s' "$line"
}
