# shellcheck shell=bash
# Shared by the git pre-commit and pre-push guards: the settings (environment or the data-only
# config files; see hooks/lib.sh) and one lock check for a list of repository-relative paths.
hook_dir=$(dirname "$(readlink -f "$0")")
. "$hook_dir/../hooks/lib.sh"

PEERCODE_ROOT=$(git rev-parse --show-toplevel)
PEERCODE_CWD=$PEERCODE_ROOT
peercode_load_config "$PEERCODE_ROOT" ''
problems=()
unreachable=''

# Appends to problems one line per path (arguments) locked by another session; sets unreachable.
check_locks() {
  local urls=() p i
  [ $# -gt 0 ] || return 0
  for p in "$@"; do
    url_encode "$p"
    urls+=("$PEERCODE_API/locks/check?session=$PEERCODE_Q_SESSION&path=$REPLY")
  done
  if ! peercode_get "${urls[@]}"; then
    unreachable=yes
    return
  fi
  for i in "${!PEERCODE_CODES[@]}"; do
    if [ "${PEERCODE_CODES[i]}" = 200 ]; then
      json_true locked "${PEERCODE_BODIES[i]}" && describe_lock "${@:i+1:1}" "${PEERCODE_BODIES[i]}" && problems+=("$REPLY")
    elif [[ ${PEERCODE_CODES[i]} == 4* ]]; then
      problem_detail "${PEERCODE_BODIES[i]}" "${PEERCODE_CODES[i]}"
      problems+=("${*:i+1:1}: $REPLY")
    else
      unreachable=yes
    fi
  done
}

# Prints the verdict and exits: 1 when refused.
finish() {
  local what=$1
  if [ -n "$unreachable" ]; then
    if [ "$PEERCODE_UNREACHABLE" = deny ]; then
      echo "peercode: $what refused: the PeerCode server at $PEERCODE_URL could not be asked about locks (PEERCODE_UNREACHABLE=deny)." >&2
      exit 1
    fi
    echo "peercode: warning: the PeerCode server at $PEERCODE_URL could not be asked; $what goes ahead unchecked." >&2
  fi
  if [ ${#problems[@]} -gt 0 ]; then
    echo "peercode: $what refused:" >&2
    printf '  - %s\n' "${problems[@]}" >&2
    exit 1
  fi
  exit 0
}
