#!/usr/bin/env bash
# Deploys one release of the ClinicPro gateway on a VM prepared by deploy/setup-vm.sh: fetch it
# into releases/<timestamp>, npm ci, build, prune dev dependencies, point `current` at it,
# `pm2 startOrReload` (cluster profile: one worker at a time), then run scripts/smoke.sh against
# the local port. If the smoke test fails, `current` goes back to the previous release and PM2
# reloads that. Run as the app user. docs/DEPLOY.md.
#
#   sudo -u clinicpro -H deploy/deploy.sh --repo git@github.com:org/gateway.git v1.4.0
#   sudo -u clinicpro -H deploy/deploy.sh main                 (the repo is remembered)
#   sudo -u clinicpro -H deploy/deploy.sh /tmp/gateway.tar.gz  (from `git archive -o x.tar.gz HEAD`)
#   deploy/deploy.sh --dry-run v1.4.0                          (prints the steps, changes nothing)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

APP_USER=${APP_USER:-clinicpro}
APP_ROOT=${APP_ROOT:-/opt/clinicpro-gateway}
APP_NAME=clinicpro-gateway
KEEP_RELEASES=${KEEP_RELEASES:-5}
SMOKE_ATTEMPTS=${SMOKE_ATTEMPTS:-3}
REPO=
SOURCE=

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

while (($# > 0)); do
  case $1 in
    --dry-run) DRY_RUN=1 ;;
    --repo) REPO=${2:?--repo needs a value}; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) [[ -z $SOURCE ]] || die "one git ref or tarball only"; SOURCE=$1 ;;
  esac
  shift
done
[[ -n $SOURCE ]] || { usage >&2; die "name a git ref or a release tarball"; }

SHARED=$APP_ROOT/shared
MIRROR=$SHARED/repo.git
RELEASE=$APP_ROOT/releases/$(date -u +%Y%m%d-%H%M%S)
PREVIOUS=$(readlink -f "$APP_ROOT/current" 2>/dev/null || true)

preflight() {
  [[ $DRY_RUN == 1 ]] && return 0
  [[ $(id -un) == "$APP_USER" ]] || die "run as $APP_USER: sudo -u $APP_USER -H $0 ..."
  local tool
  for tool in node npm pm2 tar; do command -v "$tool" >/dev/null || die "$tool is not installed (deploy/setup-vm.sh)"; done
  [[ -f $SHARED/.env ]] || die "$SHARED/.env is missing (deploy/setup-vm.sh writes it)"
}

# env_value NAME: NAME's value in the VM's .env (the last line wins, as for dotenv). Never printed.
env_value() {
  local value
  value=$(grep -E "^$1=" "$SHARED/.env" 2>/dev/null | tail -n 1 | cut -d= -f2-) || true
  value=${value%\"}
  value=${value#\"}
  printf '%s' "$value"
}

fetch_release() {
  say "fetch $SOURCE into $RELEASE"
  [[ ! -e $RELEASE ]] || die "$RELEASE already exists; try again in a second"
  run install -d -m 0750 "$RELEASE"
  if [[ $SOURCE == *.tar.gz || $SOURCE == *.tgz ]]; then
    [[ $DRY_RUN == 1 || -f $SOURCE ]] || die "no such tarball: $SOURCE"
    run tar -xzf "$SOURCE" -C "$RELEASE"
    return
  fi
  if missing test -d "$MIRROR"; then
    [[ -n $REPO || $DRY_RUN == 1 ]] || die "first deploy from git: give --repo <url>"
    run git clone --quiet --mirror "${REPO:-<repo url>}" "$MIRROR"
  elif [[ -n $REPO ]]; then
    run git -C "$MIRROR" remote set-url origin "$REPO"
  fi
  run git -C "$MIRROR" remote update --prune
  run git -C "$MIRROR" archive --format=tar -o "$RELEASE.tar" "$SOURCE"
  run tar -xf "$RELEASE.tar" -C "$RELEASE"
  run rm -f "$RELEASE.tar"
  # Which commit is live: `cat $APP_ROOT/current/REVISION`.
  run_to "$RELEASE/REVISION" git -C "$MIRROR" rev-parse --verify "$SOURCE^{commit}"
}

build_release() {
  say "install, build, prune"
  run npm --prefix "$RELEASE" ci --no-audit --no-fund
  run npm --prefix "$RELEASE" run build
  run npm --prefix "$RELEASE" prune --omit=dev --no-audit --no-fund
}

# activate DIR: points `current` at DIR (atomically) and has PM2 start or reload the gateway.
activate() {
  run ln -sfn "$1" "$APP_ROOT/current.next"
  run mv -Tf "$APP_ROOT/current.next" "$APP_ROOT/current"
  # Through `current`, so PM2 keeps that path and later reloads pick up newer releases.
  # PM2_PROFILE=production: cluster mode, two workers, Redis (ecosystem.config.js).
  run env PM2_PROFILE=production pm2 startOrReload "$APP_ROOT/current/ecosystem.config.js" --env production
}

# smoke: scripts/smoke.sh against the local port, a few times (ALEX may be slow for a moment).
# In a subshell, so the key reaches smoke.sh only, never PM2's environment or the output.
smoke() (
  local_port=$(env_value PORT)
  BASE_URL="http://127.0.0.1:${local_port:-3000}"
  API_KEY=$(env_value GATEWAY_API_KEYS)
  API_KEY=${API_KEY%%,*}
  export BASE_URL API_KEY
  say "BASE_URL=$BASE_URL"
  # A first start returns before the workers listen; give them up to 30 s.
  for ((attempt = 1; attempt <= 30; attempt++)); do
    run curl -fsS -o /dev/null --max-time 2 "$BASE_URL/health/live" 2>/dev/null && break
    sleep 1
  done
  for ((attempt = 1; attempt <= SMOKE_ATTEMPTS; attempt++)); do
    if run "$APP_ROOT/current/scripts/smoke.sh"; then exit 0; fi
    ((attempt == SMOKE_ATTEMPTS)) || { say "smoke test failed; trying again in 5 s"; sleep 5; }
  done
  exit 1
)

rollback() {
  local previous=${PREVIOUS:-}
  [[ $DRY_RUN == 1 && -z $previous ]] && previous="$APP_ROOT/releases/<previous>"
  if [[ -z $previous || ! -d $previous && $DRY_RUN != 1 ]]; then
    say "no previous release to roll back to; $RELEASE stays live. To take it down: pm2 stop $APP_NAME"
    return
  fi
  say "rolling back to $previous"
  activate "$previous"
  smoke || say "the previous release fails the smoke test too: see docs/RUNBOOK.md"
  say "rolled back; the failed release stays in $RELEASE for inspection"
}

prune_releases() {
  local old
  [[ -d $APP_ROOT/releases ]] || return 0
  # Newest first; keep KEEP_RELEASES, and never the live or the previous one.
  while IFS= read -r old; do
    [[ $old == "$RELEASE" || $old == "$PREVIOUS" ]] && continue
    run rm -rf "$old"
  done < <(find "$APP_ROOT/releases" -mindepth 1 -maxdepth 1 -type d | sort -r | tail -n +"$((KEEP_RELEASES + 1))")
}

preflight
[[ $DRY_RUN == 1 ]] && say "dry run: printing the steps; nothing is changed"
fetch_release
build_release
say "activate $RELEASE"
activate "$RELEASE"
say "smoke test against the local port"
if smoke; then
  run pm2 save
  prune_releases
  say "deployed $RELEASE"
  if [[ $DRY_RUN == 1 ]]; then
    say "if the smoke test had failed, the rollback would be:"
    rollback
  fi
  exit 0
fi
say "smoke test failed"
rollback
exit 1
