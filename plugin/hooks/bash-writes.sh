# shellcheck shell=bash
# The files a shell command obviously writes, read from its text without running it: redirection
# targets (> >> &> >|), and the file operands of sed -i / perl -i, tee, mv, cp, install, ln, rm,
# touch, truncate, dd of=, git rm/mv, and git checkout/restore of
# paths from another commit or branch. Not a shell parser: quoting is reduced
# to removing quote characters, and anything cleverer (eval, scripts, $(…)) is left to the check
# after the command (post-tool.sh compares the working tree).

# Sets the array TARGETS to the candidate paths written by command $1.
bash_write_targets() {
  local cmd=$1 rest segment word
  TARGETS=()
  # Redirections: > file, >> file, &> file, >| file (not >&2, not /dev/…).
  rest=$cmd
  local re='(^|[^0-9&<>])[0-9]*(&>|>>|>\||>)[[:space:]]*([^[:space:]&;|<>()]+)(.*)$'
  while [[ $rest =~ $re ]]; do
    word=${BASH_REMATCH[3]}
    rest=${BASH_REMATCH[4]}
    word=${word//[\"\']/}
    [[ $word == /dev/* || -z $word ]] || TARGETS+=("$word")
  done
  # Simple commands, split at ; & | && || and newlines.
  local split=${cmd//&&/$'\n'}
  split=${split//||/$'\n'}
  split=${split//[;&|()]/$'\n'}
  while IFS= read -r segment; do
    local -a w=()
    read -ra w <<<"$segment"
    bash_command_targets "${w[@]}"
  done <<<"$split"
}

bash_command_targets() {
  local -a args=()
  local word name inplace='' script_seen='' after_dashdash=''
  # Leading VAR=value assignments and wrappers.
  while [ $# -gt 0 ]; do
    case $1 in
      *=*) [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && { shift; continue; } ;;
      sudo | command | env | nohup | time | xargs) shift; continue ;;
    esac
    break
  done
  [ $# -gt 0 ] || return 0
  name=${1##*/}
  shift
  for word in "$@"; do
    word=${word//[\"\']/}
    [[ $word == *'>'* || $word == *'<'* ]] && continue
    args+=("$word")
  done
  set -- "${args[@]}"
  case $name in
    sed | perl)
      for word in "$@"; do [[ $word == -i* || $word == --in-place* || $word == -pi* ]] && inplace=yes; done
      [ -n "$inplace" ] || return 0
      local has_e=''
      for word in "$@"; do [[ $word == -e || $word == --expression* ]] && has_e=yes; done
      local skip_next=''
      for word in "$@"; do
        if [ -n "$skip_next" ]; then skip_next=''; continue; fi
        case $word in
          -e | --expression | -f) skip_next=yes ;;
          -*) ;;
          *) if [ -z "$has_e" ] && [ -z "$script_seen" ]; then script_seen=yes; else TARGETS+=("$word"); fi ;;
        esac
      done
      ;;
    tee | mv | rm | touch | truncate | unlink | shred)
      for word in "$@"; do
        [[ $word == -* ]] && continue
        TARGETS+=("$word")
      done
      ;;
    cp | install | ln | rsync)
      local last=''
      for word in "$@"; do [[ $word == -* ]] || last=$word; done
      [ -n "$last" ] && TARGETS+=("$last")
      ;;
    dd)
      for word in "$@"; do [[ $word == of=* ]] && TARGETS+=("${word#of=}"); done
      ;;
    git)
      local sub='' rest_args=()
      while [ $# -gt 0 ]; do
        case $1 in
          -C | -c) shift 2; continue ;;
          -*) shift; continue ;;
        esac
        sub=$1
        shift
        break
      done
      # `git checkout -- f` and `git restore f` (no other source) only throw one's own change away:
      # that is the undo the post-check advises, so only a checkout/restore from another tree-ish counts.
      local source=''
      case $sub in
        checkout)
          local -a paths=()
          for word in "$@"; do
            if [ -n "$after_dashdash" ]; then
              paths+=("$word")
            elif [ "$word" = -- ]; then
              after_dashdash=yes
            elif [[ $word != -* ]]; then
              source=yes
            fi
          done
          [ -n "$source" ] && TARGETS+=("${paths[@]}")
          ;;
        restore)
          for word in "$@"; do [[ $word == -s* || $word == --source* ]] && source=yes; done
          [ -n "$source" ] || return 0
          for word in "$@"; do
            [[ $word == -* ]] && continue
            TARGETS+=("$word")
          done
          ;;
        rm | mv)
          for word in "$@"; do
            [[ $word == -* ]] && continue
            TARGETS+=("$word")
          done
          ;;
      esac
      ;;
  esac
}
