#!/usr/bin/env bash
# Prepares a Debian 12 / Ubuntu 22.04+ VM (AWS Lightsail) for the ClinicPro gateway: Node 20,
# PM2 under systemd with log rotation, Redis on 127.0.0.1 with AOF, nginx + Let's Encrypt,
# ufw (22, 80, 443 only), the `clinicpro` user and /opt/clinicpro-gateway/{releases,shared}.
# Idempotent: each step checks before it creates, so it is safe to run again. docs/DEPLOY.md.
#
#   sudo deploy/setup-vm.sh --domain gateway.example.org --email ops@example.org
#   deploy/setup-vm.sh --dry-run --domain gateway.example.org --email ops@example.org
#
# --dry-run prints every step a fresh VM would get and changes nothing (no root needed).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
source "$SCRIPT_DIR/lib/common.sh"

APP_USER=clinicpro
APP_HOME=/home/$APP_USER
APP_ROOT=/opt/clinicpro-gateway
SITE=clinicpro-gateway
ACME_ROOT=/var/www/letsencrypt
NODE_MAJOR=20
PM2_VERSION=7
DOMAIN=
EMAIL=

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; }

while (($# > 0)); do
  case $1 in
    --dry-run) DRY_RUN=1 ;;
    --domain) DOMAIN=${2:?--domain needs a value}; shift ;;
    --email) EMAIL=${2:?--email needs a value}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done

[[ -n $DOMAIN && -n $EMAIL ]] || die "--domain and --email are required (see --help)"
[[ $DOMAIN =~ ^[A-Za-z0-9.-]+$ ]] || die "--domain must be a plain host name"

preflight() {
  [[ $DRY_RUN == 1 ]] && return 0
  [[ $EUID -eq 0 ]] || die "run as root (sudo), or try --dry-run"
  grep -qiE '^ID(_LIKE)?=.*(debian|ubuntu)' /etc/os-release || die "this script is for Debian or Ubuntu"
}

node_is_current() { command -v node && [[ $(node -p 'process.versions.node.split(".")[0]') -ge $NODE_MAJOR ]]; }

install_packages() {
  say "Debian packages"
  run apt-get update
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    ca-certificates curl gnupg git jq openssl nginx redis-server certbot ufw \
    libheif-examples # heif-convert: native HEIC decoding, about twice as fast as the wasm fallback
}

install_node() {
  say "Node.js $NODE_MAJOR (NodeSource)"
  missing node_is_current || return 0
  run install -d -m 0755 /etc/apt/keyrings
  run curl -fsSL -o /tmp/nodesource.gpg.key https://deb.nodesource.com/gpgkey/nodesource-repo.gpg.key
  run gpg --dearmor --yes -o /etc/apt/keyrings/nodesource.gpg /tmp/nodesource.gpg.key
  write_file /etc/apt/sources.list.d/nodesource.list 0644 root:root <<EOF
deb [signed-by=/etc/apt/keyrings/nodesource.gpg] https://deb.nodesource.com/node_$NODE_MAJOR.x nodistro main
EOF
  # Prefer NodeSource's nodejs over the distribution's older one.
  write_file /etc/apt/preferences.d/nodejs 0644 root:root <<EOF
Package: nodejs
Pin: origin deb.nodesource.com
Pin-Priority: 600
EOF
  run apt-get update
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs
}

create_user_and_layout() {
  say "user $APP_USER and $APP_ROOT"
  if missing id -u "$APP_USER"; then
    run useradd --system --create-home --home-dir "$APP_HOME" --shell /bin/bash "$APP_USER"
  fi
  run install -d -m 0750 -o "$APP_USER" -g "$APP_USER" \
    "$APP_ROOT" "$APP_ROOT/releases" "$APP_ROOT/shared" "$APP_ROOT/shared/logs"
  if missing test -f "$APP_ROOT/shared/.env"; then write_env_template; fi
}

# The VM's .env, read by ecosystem.config.js. Secrets are generated here and never printed.
write_env_template() {
  local api_key='<generated: 48 hex characters>' mobile_secret='<generated: 64 hex characters>' metrics_token='<generated: 64 hex characters>'
  if [[ $DRY_RUN != 1 ]]; then
    api_key=$(openssl rand -hex 24)
    mobile_secret=$(openssl rand -hex 32)
    metrics_token=$(openssl rand -hex 32)
  fi
  write_file "$APP_ROOT/shared/.env" 0600 "$APP_USER:$APP_USER" <<EOF
# ClinicPro gateway on this VM (CONFIG.md). PM2 reads this file; edit it, then deploy or
# \`PM2_PROFILE=production pm2 startOrReload $APP_ROOT/current/ecosystem.config.js --env production\`.
NODE_ENV=production
HOST=127.0.0.1
PORT=3000
TRUST_PROXY=loopback
LOG_LEVEL=info
STORE=redis
REDIS_URL=redis://127.0.0.1:6379

# ALEX credentials from Medtech: the gateway refuses to start until all four are set.
MEDTECH_CLIENT_ID=
MEDTECH_CLIENT_SECRET=
MEDTECH_TENANT_ID=
MEDTECH_API_SCOPE=
MEDTECH_API_BASE_URL=https://alexapiuat.medtechglobal.com/FHIR
MEDTECH_FACILITY_ID=F2N060-E
MEDTECH_FACILITY_IDS=

# Give this key to the ClinicPro frontend (its server side) and to on-call for scripts/smoke.sh.
GATEWAY_API_KEYS=$api_key
MOBILE_TOKEN_SECRET=$mobile_secret
# Prometheus scrapes /metrics with this bearer token (docs/DEPLOY.md).
METRICS_TOKEN=$metrics_token
# The audit trail's day files: shared across releases, kept AUDIT_RETENTION_DAYS (docs/RUNBOOK.md).
AUDIT_DIR=$APP_ROOT/shared/audit
MOBILE_UPLOAD_BASE_URL=https://$DOMAIN/mobile
# Add the frontend's origin, comma-separated.
CORS_ORIGINS=https://$DOMAIN
EOF
}

install_pm2() {
  say "PM2 under systemd, with pm2-logrotate"
  if missing command -v pm2; then run npm install -g "pm2@$PM2_VERSION"; fi
  if missing test -f "/etc/systemd/system/pm2-$APP_USER.service"; then
    run pm2 startup systemd -u "$APP_USER" --hp "$APP_HOME"
  fi
  if missing test -d "$APP_HOME/.pm2/modules/pm2-logrotate"; then
    run sudo -u "$APP_USER" -H pm2 install pm2-logrotate
  fi
  local setting
  for setting in max_size=50M retain=30 compress=true workerInterval=60 'rotateInterval=0 0 * * *'; do
    run sudo -u "$APP_USER" -H pm2 set "pm2-logrotate:${setting%%=*}" "${setting#*=}"
  done
}

configure_redis() {
  say "Redis: 127.0.0.1 only, append-only file"
  write_file /etc/redis/clinicpro.conf 0640 redis:redis <<'EOF'
# ClinicPro gateway (deploy/setup-vm.sh). Included last from redis.conf, so these settings win.
# Local only: nothing but the gateway on this VM talks to Redis.
bind 127.0.0.1
protected-mode yes
port 6379
# Staged photos, phone sessions and commit records must survive a restart or a reboot.
appendonly yes
appendfsync everysec
# Never evict: a staged photo dropped to make room is a lost photo; a full Redis refuses writes.
maxmemory-policy noeviction
EOF
  local changed=$FILE_CHANGED
  append_line /etc/redis/redis.conf 'include /etc/redis/clinicpro.conf'
  run systemctl enable --now redis-server
  # Turning AOF on through the config file alone would start from an empty AOF and drop the
  # existing data; CONFIG SET rewrites the AOF from memory first.
  run redis-cli -h 127.0.0.1 CONFIG SET appendonly yes
  if [[ $changed == 1 ]]; then run systemctl restart redis-server; fi
}

configure_nginx() {
  say "nginx + Let's Encrypt for $DOMAIN"
  run install -d -m 0755 "$ACME_ROOT"
  run systemctl enable --now nginx
  if missing test -f "/etc/letsencrypt/live/$DOMAIN/fullchain.pem"; then
    # The full site needs the certificate; first serve the ACME challenge over plain HTTP.
    write_file "/etc/nginx/sites-available/$SITE" 0644 root:root <<EOF
server {
    listen 80;
    listen [::]:80;
    server_name $DOMAIN;
    location /.well-known/acme-challenge/ { root $ACME_ROOT; }
}
EOF
    run ln -sfn "/etc/nginx/sites-available/$SITE" "/etc/nginx/sites-enabled/$SITE"
    run rm -f /etc/nginx/sites-enabled/default
    run nginx -t
    run systemctl reload nginx
    run certbot certonly --webroot -w "$ACME_ROOT" -d "$DOMAIN" --email "$EMAIL" \
      --agree-tos --non-interactive --deploy-hook 'systemctl reload nginx'
  fi
  sed "s/__DOMAIN__/$DOMAIN/g" "$SCRIPT_DIR/nginx/clinicpro-gateway.conf" |
    write_file "/etc/nginx/sites-available/$SITE" 0644 root:root
  run ln -sfn "/etc/nginx/sites-available/$SITE" "/etc/nginx/sites-enabled/$SITE"
  run rm -f /etc/nginx/sites-enabled/default
  run nginx -t
  run systemctl reload nginx
}

configure_firewall() {
  say "ufw: SSH, HTTP and HTTPS only"
  run ufw default deny incoming
  run ufw default allow outgoing
  run ufw allow 22/tcp
  run ufw allow 80/tcp
  run ufw allow 443/tcp
  run ufw --force enable
}

preflight
[[ $DRY_RUN == 1 ]] && say "dry run: printing the steps for a fresh VM; nothing is changed"
install_packages
install_node
create_user_and_layout
install_pm2
configure_redis
configure_nginx
configure_firewall
say "done. Next: fill in the MEDTECH_* lines of $APP_ROOT/shared/.env, then as $APP_USER run"
say "  deploy/deploy.sh --repo <git url> <ref>    (docs/DEPLOY.md)"
