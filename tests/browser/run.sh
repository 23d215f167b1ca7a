#!/usr/bin/env bash
# Runs Peyvand's real-browser suite (tests/browser/suite.mjs) against a freshly
# seeded server on a throwaway data dir.
#
#   bash tests/browser/run.sh            # from any directory
#
# Environment:
#   PEYVAND_BIN        server binary (default: <repo>/target/debug/peyvand, or
#                      $CARGO_TARGET_DIR/debug/peyvand when that is set)
#   PEYVAND_TEST_PORT  port to serve on (default: a free one, else 18080)
#   SMTP_PORT          port of the suite's own SMTP server (mailbox.mjs), which Peyvand
#                      sends its mail to (default: a free one, else 18025)
#   CHROMIUM           browser binary (default: /usr/bin/chromium, Debian's `chromium`)
#   ONLY, VERBOSE, CHECK_TIMEOUT_MS   passed to the suite (see harness.mjs)
#   KEEP_DATA_DIR=1    keep the temp data dir and server log after the run
#
# The suite gets PEYVAND_BIN and the server's environment (PEYVAND_DATA_DIR, the mail
# settings…), so a check can run the CLI against the same data (`peyvand contact tick`).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"

say() { printf '[browser] %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# --- inputs ----------------------------------------------------------------------
if [[ -n "${PEYVAND_BIN:-}" ]]; then
  # a relative PEYVAND_BIN is taken relative to the caller's directory
  case "$PEYVAND_BIN" in
    /*) ;;
    *) PEYVAND_BIN="$PWD/$PEYVAND_BIN" ;;
  esac
else
  PEYVAND_BIN="${CARGO_TARGET_DIR:-$REPO_ROOT/target}/debug/peyvand"
  case "$PEYVAND_BIN" in
    /*) ;;
    *) PEYVAND_BIN="$REPO_ROOT/$PEYVAND_BIN" ;;
  esac
fi
[[ -x "$PEYVAND_BIN" ]] || die "server binary not found or not executable: $PEYVAND_BIN (run 'cargo build' first, or set PEYVAND_BIN)"

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[[ -x "$CHROMIUM" ]] || die "browser not found: $CHROMIUM (install Debian's 'chromium' package, or set CHROMIUM)"
command -v node >/dev/null || die "node is not installed"
command -v curl >/dev/null || die "curl is not installed"

# --- node modules ------------------------------------------------------------------
if [[ ! -d "$SCRIPT_DIR/node_modules" ]] ||
   [[ "$SCRIPT_DIR/package-lock.json" -nt "$SCRIPT_DIR/node_modules/.package-lock.json" ]]; then
  say "npm ci"
  (cd "$SCRIPT_DIR" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- temp data dir, port -------------------------------------------------------------
DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/peyvand-browser.XXXXXX")"
SERVER_LOG="$DATA_DIR/server.log"
SERVER_PID=""

free_port() {
  python3 - <<'PY' 2>/dev/null || echo "$1"
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}
PORT="${PEYVAND_TEST_PORT:-$(free_port 18080)}"
BASE_URL="http://127.0.0.1:$PORT"
SMTP_PORT="${SMTP_PORT:-$(free_port 18025)}"
[[ "$SMTP_PORT" != "$PORT" ]] || SMTP_PORT="$(free_port 18025)"
[[ "$SMTP_PORT" != "$PORT" ]] || die "SMTP_PORT and the server's port are both $PORT"

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local rc=$?
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ "${KEEP_DATA_DIR:-}" == 1 ]]; then
    say "kept data dir and server log: $DATA_DIR"
  else
    rm -rf "$DATA_DIR"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_log() {
  say "---- server log ($SERVER_LOG) ----"
  if [[ -f "$SERVER_LOG" ]]; then tail -n 200 "$SERVER_LOG" >&2; fi
  say "---- end of server log ----"
}

# The server is run from the repo root (Rocket.toml, templates/, static/ live
# there), on SQLite in the temp data dir: DATABASE_URL is dropped so that a
# PostgreSQL URL in the caller's environment is not used.
cd "$REPO_ROOT"
unset DATABASE_URL
export PEYVAND_DATA_DIR="$DATA_DIR" ROCKET_ADDRESS=127.0.0.1 ROCKET_PORT="$PORT"
# Links in emails point at this server.
export PEYVAND_PUBLIC_URL="$BASE_URL"
# Mail goes by plain SMTP to the suite's own SMTP server (mailbox.mjs, started by the
# harness on SMTP_PORT before the first check). The outbox worker is woken when mail
# is queued; a short poll and back-off only matter if a message is queued before the
# suite listens.
export PEYVAND_MAIL_TRANSPORT=smtp PEYVAND_SMTP_HOST=127.0.0.1 PEYVAND_SMTP_PORT="$SMTP_PORT" \
  PEYVAND_SMTP_TLS=none PEYVAND_OUTBOX_POLL_SECONDS=1 PEYVAND_OUTBOX_BACKOFF_SECONDS=1
unset PEYVAND_SMTP_USERNAME PEYVAND_SMTP_PASSWORD
# The contact checks send some twenty forms from 127.0.0.1 within half a minute (every
# form, confirmation and withdrawal is rate limited per network: 30 a minute, 10 at once);
# a person never does, so the burst is raised for the suite's server alone.
export PEYVAND_RATE_LIMIT_BURST="${PEYVAND_RATE_LIMIT_BURST:-40}"
# No waiting period between both parties' consent and the release (72 hours by default),
# so the family-contact walk can release a connection at once.
export PEYVAND_CONTACT_COOLING_OFF_HOURS="${PEYVAND_CONTACT_COOLING_OFF_HOURS:-0}"
# The walk runs `$PEYVAND_BIN contact tick` (the server's minute job, once) with this same
# environment (data dir, mail settings), from the repo root.
export PEYVAND_BIN

# --- seed, serve, wait for /healthz --------------------------------------------------------
say "seeding demo data into $DATA_DIR"
if ! "$PEYVAND_BIN" demo seed >"$SERVER_LOG" 2>&1 </dev/null; then
  show_log
  die "'$PEYVAND_BIN demo seed' failed"
fi

# Two admin accounts to enrol through the pages, one per language of the staff checks.
STAFF_LINK_EN="$("$PEYVAND_BIN" staff create --email admin.en@example.org --role admin --name "Admin" </dev/null 2>>"$SERVER_LOG" | tail -n 1)" \
  || { show_log; die "'$PEYVAND_BIN staff create' failed"; }
STAFF_LINK_FA="$("$PEYVAND_BIN" staff create --email admin.fa@example.org --role admin,caseworker --name "مدیر" </dev/null 2>>"$SERVER_LOG" | tail -n 1)" \
  || { show_log; die "'$PEYVAND_BIN staff create' failed"; }
# One organiser who is also an administrator, for the petition-management and
# signing-control checks (enrolled once, in English, then used in both languages).
STAFF_LINK_ORGANISER="$("$PEYVAND_BIN" staff create --email organiser@example.org --role admin,organiser --name "Organiser" </dev/null 2>>"$SERVER_LOG" | tail -n 1)" \
  || { show_log; die "'$PEYVAND_BIN staff create' failed"; }
# A caseworker for the contact-review checks (enrolled once, then used in both languages),
# working on the contact cases that `demo seed` makes.
STAFF_LINK_CASEWORKER="$("$PEYVAND_BIN" staff create --email caseworker@example.org --role caseworker --name "Caseworker" </dev/null 2>>"$SERVER_LOG" | tail -n 1)" \
  || { show_log; die "'$PEYVAND_BIN staff create' failed"; }
# A second caseworker: a release of a connection needs a different staff member's approval
# (four eyes), given with a fresh authenticator code (the family-contact walk).
STAFF_LINK_CASEWORKER2="$("$PEYVAND_BIN" staff create --email caseworker2@example.org --role caseworker --name "Second caseworker" </dev/null 2>>"$SERVER_LOG" | tail -n 1)" \
  || { show_log; die "'$PEYVAND_BIN staff create' failed"; }
export STAFF_LINK_EN STAFF_LINK_FA STAFF_LINK_ORGANISER STAFF_LINK_CASEWORKER STAFF_LINK_CASEWORKER2

say "starting server on $BASE_URL (mail to SMTP on 127.0.0.1:$SMTP_PORT)"
"$PEYVAND_BIN" serve >>"$SERVER_LOG" 2>&1 </dev/null &
SERVER_PID=$!

deadline=$((SECONDS + 60))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/healthz" 2>/dev/null || true)" == 200 ]]; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    show_log
    die "server exited before $BASE_URL/healthz answered 200"
  fi
  if (( SECONDS >= deadline )); then
    show_log
    die "$BASE_URL/healthz did not answer 200 within 60 s"
  fi
  sleep 0.5
done
say "server is up"

# --- the suite --------------------------------------------------------------------------
set +e
BASE_URL="$BASE_URL" CHROMIUM="$CHROMIUM" SMTP_PORT="$SMTP_PORT" node "$SCRIPT_DIR/suite.mjs"
status=$?
set -e
if [[ $status -ne 0 ]]; then
  show_log
  say "screenshots: $SCRIPT_DIR/screenshots/"
fi
exit "$status"
