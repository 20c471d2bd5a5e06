#!/usr/bin/env bash
# Smoke test for a running ClinicPro gateway: health, token, one ALEX round trip, capabilities.
# Prints one line per check (PASS|FAIL name HTTP-status time) and exits 1 if any check failed.
#
#   API_KEY=... scripts/smoke.sh
#   BASE_URL=https://gateway.example.org API_KEY=... FACILITY_ID=F2N060-E NHI=ZZZ0016 scripts/smoke.sh
#
# The API key is read from the environment only, handed to curl on stdin (never on a command
# line that `ps` shows) and never printed. Response bodies are not printed either: the ALEX test
# answers with a patient id; a failure shows only the error code of the gateway's envelope.
set -euo pipefail

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
}

if [[ ${1:-} == "-h" || ${1:-} == "--help" ]]; then
  usage
  exit 0
fi

BASE_URL=${BASE_URL:-http://localhost:3000}
BASE_URL=${BASE_URL%/}
FACILITY_ID=${FACILITY_ID:-F2N060-E}
NHI=${NHI:-ZZZ0016}
# ALEX calls may take the gateway's whole 10 s deadline; leave room for it.
SMOKE_TIMEOUT=${SMOKE_TIMEOUT:-20}

if [[ -z ${API_KEY:-} ]]; then
  echo "smoke.sh: set API_KEY to one of the gateway's GATEWAY_API_KEYS" >&2
  exit 2
fi

body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
failures=0

# check NAME PATH AUTH: GET BASE_URL+PATH, expect 200. AUTH=yes sends the API key.
check() {
  local name=$1 path=$2 auth=$3 result status seconds ms code="" curl_exit=0
  local -a args=(--silent --show-error --output "$body_file" --write-out '%{http_code} %{time_total}'
    --max-time "$SMOKE_TIMEOUT" --connect-timeout 5)
  : >"$body_file"
  if [[ $auth == yes ]]; then
    # -H @- reads the header from stdin, so the key never appears in the process list.
    result=$(printf 'Authorization: Bearer %s\n' "$API_KEY" |
      curl "${args[@]}" -H @- "$BASE_URL$path" 2>/dev/null) || curl_exit=$?
  else
    result=$(curl "${args[@]}" "$BASE_URL$path" 2>/dev/null) || curl_exit=$?
  fi
  status=${result%% *}
  seconds=${result##* }
  [[ $status =~ ^[0-9]{3}$ ]] || status=000
  [[ $seconds =~ ^[0-9.]+$ ]] || seconds=0
  ms=$(awk -v s="$seconds" 'BEGIN { printf "%d", s * 1000 }')
  if [[ $status == 200 ]]; then
    printf 'PASS %-13s %s %sms\n' "$name" "$status" "$ms"
    return
  fi
  failures=$((failures + 1))
  code=$(grep -o '"code":"[A-Z_]*"' "$body_file" | head -n 1 | cut -d'"' -f4 || true)
  if [[ $status == 000 ]]; then
    case $curl_exit in
      6) code="host not found" ;;
      7) code="connection refused" ;;
      28) code="timed out after ${SMOKE_TIMEOUT}s" ;;
      35 | 51 | 53 | 58 | 59 | 60 | 77 | 83 | 90 | 91) code="TLS error (curl $curl_exit)" ;;
      *) code="no answer (curl $curl_exit)" ;;
    esac
  fi
  printf 'FAIL %-13s %s %sms%s\n' "$name" "$status" "$ms" "${code:+ $code}"
}

check health-live /health/live no
check health-ready /health/ready no
check token-info /api/medtech/token-info yes
check medtech-test "/api/medtech/test?facilityId=$FACILITY_ID&nhi=$NHI" yes
check capabilities /api/integrations/medtech/capabilities yes

if ((failures > 0)); then
  echo "smoke: $failures check(s) failed against $BASE_URL" >&2
  exit 1
fi
echo "smoke: all checks passed against $BASE_URL"
