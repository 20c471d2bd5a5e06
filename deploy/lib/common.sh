# shellcheck shell=bash
# Helpers shared by deploy/setup-vm.sh and deploy/deploy.sh; sourced, never run.
#
# Every step that changes the machine goes through `run` (or `write_file` / `append_line` /
# `run_to`), so `--dry-run` prints the whole plan and changes nothing. Checks go through
# `missing`, which in a dry run answers "missing", so the plan shows every step a fresh VM gets.

DRY_RUN=${DRY_RUN:-0}
# Set by write_file: 1 when the file was (or, in a dry run, would be) written.
FILE_CHANGED=0

say() { printf '==> %s\n' "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# run CMD [ARG...]: runs the command; in a dry run prints it, quoted so it can be pasted.
run() {
  if [[ $DRY_RUN == 1 ]]; then
    printf '+'
    printf ' %q' "$@"
    printf '\n'
    return 0
  fi
  "$@"
}

# run_to FILE CMD [ARG...]: runs the command with its output written to FILE.
run_to() {
  local file=$1
  shift
  if [[ $DRY_RUN == 1 ]]; then
    printf '+'
    printf ' %q' "$@"
    printf ' > %q\n' "$file"
    return 0
  fi
  "$@" >"$file"
}

# missing CHECK [ARG...]: true when the check fails, i.e. the step still has to be done.
missing() {
  [[ $DRY_RUN == 1 ]] && return 0
  ! "$@" >/dev/null 2>&1
}

# write_file PATH MODE OWNER: writes stdin to PATH (atomically) unless it already holds exactly
# that; sets FILE_CHANGED. A dry run prints the content instead.
# shellcheck disable=SC2034 # FILE_CHANGED is read by the scripts that source this file.
write_file() {
  local path=$1 mode=$2 owner=$3 content
  content=$(cat)
  FILE_CHANGED=1
  if [[ $DRY_RUN == 1 ]]; then
    printf '+ write %s (mode %s, owner %s):\n' "$path" "$mode" "$owner"
    printf '%s\n' "$content" | sed 's/^/    | /'
    return 0
  fi
  if [[ -f $path && "$(cat "$path")" == "$content" ]]; then
    FILE_CHANGED=0
    return 0
  fi
  local tmp="$path.tmp.$$"
  printf '%s\n' "$content" >"$tmp"
  chmod "$mode" "$tmp"
  chown "$owner" "$tmp"
  mv -f "$tmp" "$path"
}

# append_line FILE LINE: appends LINE to FILE unless the file already has it.
append_line() {
  local file=$1 line=$2
  if [[ $DRY_RUN == 1 ]]; then
    printf '+ append to %s: %s\n' "$file" "$line"
    return 0
  fi
  grep -qxF -- "$line" "$file" || printf '%s\n' "$line" >>"$file"
}
