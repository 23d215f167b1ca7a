#!/usr/bin/env bash
# Peyvand behind a real TLS proxy (issue #18 item 6): the release-profile server behind
# nginx (deploy/nginx/peyvand.conf, ports and paths replaced) with a certificate made
# here, on loopback. Checks over HTTPS: HSTS, __Host-/Secure cookies, gzip and brotli,
# fingerprinted static files cached for a year, X-Forwarded-For honoured only from the
# proxy, the signing flow end to end (sign, email, confirm, receipt), and the Persian
# petition page's weight in Chromium (tests/browser/weight.mjs).
#
#   bash .ci/tls.sh        # needs target/debug/peyvand (cargo build), nginx with the
#                          # brotli filter module, openssl, curl, node, chromium
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
BIN="${PEYVAND_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/peyvand}"
[[ -x "$BIN" ]] || { echo "no server binary at $BIN (cargo build first)"; exit 1; }

say() { printf '[tls] %s\n' "$*"; }
fail() { printf '[tls] FAILED: %s\n' "$*"; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

WORK="$(mktemp -d /tmp/peyvand-tls.XXXXXX)"
APP_PID=""
cleanup() {
  [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null || true
  [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  if [[ "${KEEP:-}" != 1 ]]; then rm -rf "$WORK"; else say "kept $WORK"; fi
}
trap cleanup EXIT

APP_PORT="$(free_port)"
TLS_PORT="$(free_port)"
BASE="https://127.0.0.1:$TLS_PORT"
PROXY_ADDR=127.0.0.2

# --- a certificate for 127.0.0.1 ---------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

# --- the server, release profile ----------------------------------------------------------
export PEYVAND_DATA_DIR="$WORK/data"
export ROCKET_PROFILE=release ROCKET_ADDRESS=127.0.0.1 ROCKET_PORT="$APP_PORT" ROCKET_LOG_LEVEL=critical
export PEYVAND_PUBLIC_URL="$BASE"
export PEYVAND_TRUSTED_PROXIES="[$PROXY_ADDR]"
export PEYVAND_MAIL_TRANSPORT=file
# A small allowance of token pages per client, to see whose address is counted.
export PEYVAND_LINK_RATE_LIMIT_PER_MINUTE=1 PEYVAND_LINK_RATE_LIMIT_BURST=3
unset DATABASE_URL ROCKET_CONFIG
"$BIN" demo seed --force-demo >/dev/null
"$BIN" serve >"$WORK/server.log" 2>&1 &
APP_PID=$!

# --- nginx, with the documented server block -------------------------------------------------
mkdir -p "$WORK/nginx"
sed -e "s|listen 443 ssl http2;|listen 127.0.0.1:$TLS_PORT ssl http2;|" \
    -e "s|server_name portal.example.org;|server_name 127.0.0.1;|" \
    -e "s|/etc/ssl/peyvand/fullchain.pem|$WORK/cert.pem|" \
    -e "s|/etc/ssl/peyvand/privkey.pem|$WORK/key.pem|" \
    -e "s|proxy_pass http://127.0.0.1:8000;|proxy_pass http://127.0.0.1:$APP_PORT;|" \
    -e "s|proxy_bind 127.0.0.1;|proxy_bind $PROXY_ADDR;|" \
    deploy/nginx/peyvand.conf >"$WORK/nginx/peyvand.conf"
grep -q "$APP_PORT" "$WORK/nginx/peyvand.conf" || fail "the documented config no longer has the lines this script replaces"
BROTLI=/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so
[[ -f "$BROTLI" ]] || fail "nginx's brotli module is missing (apt-get install libnginx-mod-http-brotli-filter)"
cat >"$WORK/nginx.conf" <<EOF
load_module $BROTLI;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  include $WORK/nginx/peyvand.conf;
}
EOF
nginx -t -c "$WORK/nginx.conf" -g "daemon on;" 2>"$WORK/nginx-test.log" || { cat "$WORK/nginx-test.log"; fail "nginx -t"; }
nginx -c "$WORK/nginx.conf" -g "daemon on;"

CURL=(curl -sS --cacert "$WORK/cert.pem" --max-time 20)
for _ in $(seq 1 300); do
  "${CURL[@]}" -f -o /dev/null "$BASE/health/ready" 2>/dev/null && break
  sleep 0.1
done
"${CURL[@]}" -o /dev/null -f "$BASE/health/ready" || { cat "$WORK/server.log"; fail "the portal did not answer through nginx"; }
say "server on 127.0.0.1:$APP_PORT behind nginx on $BASE"

headers() { "${CURL[@]}" -o /dev/null -D - "$@" | tr -d '\r'; }
header() { grep -i "^$1:" | head -1 | cut -d' ' -f2-; }

# --- HSTS and cookies ------------------------------------------------------------------------
H="$(headers "$BASE/petitions/let-families-visit?lang=fa")"
hsts="$(header Strict-Transport-Security <<<"$H")"
[[ "$hsts" == *max-age=* ]] || fail "no HSTS header: $H"
cookie="$(grep -i '^set-cookie: __Host-csrf=' <<<"$H" || true)"
[[ -n "$cookie" ]] || fail "no __Host-csrf cookie: $H"
grep -qi '; *secure' <<<"$cookie" || fail "the CSRF cookie is not Secure: $cookie"
grep -qi '; *path=/' <<<"$cookie" || fail "the CSRF cookie has no Path=/: $cookie"
grep -qi 'domain=' <<<"$cookie" && fail "a __Host- cookie must not name a domain: $cookie"
say "ok - HSTS ($hsts) and a __Host-, Secure CSRF cookie"

# --- compression and caching -----------------------------------------------------------------
for enc in br gzip; do
  H="$(headers -H "Accept-Encoding: $enc" "$BASE/petitions/let-families-visit?lang=fa")"
  [[ "$(header Content-Encoding <<<"$H")" == "$enc" ]] || fail "the page was not sent with $enc: $H"
done
PAGE="$("${CURL[@]}" --compressed "$BASE/petitions/let-families-visit?lang=fa")"
grep -q 'dir="rtl"' <<<"$PAGE" || fail "the compressed page did not decode to the Persian page"
CSS="$(grep -o '/static/css/app\.[0-9a-f]\{16\}\.css' <<<"$PAGE" | head -1)"
[[ -n "$CSS" ]] || fail "the page does not link a fingerprinted stylesheet"
H="$(headers -H 'Accept-Encoding: br' "$BASE$CSS")"
[[ "$(header Content-Encoding <<<"$H")" == br ]] || fail "the stylesheet was not compressed: $H"
[[ "$(header Cache-Control <<<"$H")" == *immutable* ]] || fail "the stylesheet is not cached for good: $H"
plain="$("${CURL[@]}" -o /dev/null -w '%{size_download}' "$BASE$CSS")"
br="$("${CURL[@]}" -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br' "$BASE$CSS")"
say "ok - gzip and brotli on pages and static files (stylesheet $plain -> $br bytes), $CSS immutable"

# --- X-Forwarded-For: only from the proxy --------------------------------------------------
# Token pages are limited to 3 per client address. A client at 127.0.0.1 using them up
# while claiming other addresses in X-Forwarded-For is still limited...
TOKEN_PAGE="$BASE/signatures/confirm/AAAAAAAAAAAAAAAAAAAAAAAA"
codes=""
for i in 1 2 3 4 5; do
  codes+="$("${CURL[@]}" -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: 198.51.100.$i" "$TOKEN_PAGE") "
done
[[ "$codes" == *429* ]] || fail "a client changing its X-Forwarded-For escaped the limit: $codes"
# ... also when it talks to the app directly, around the proxy ...
direct="$(curl -sS -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 198.51.100.77' \
  "http://127.0.0.1:$APP_PORT/signatures/confirm/AAAAAAAAAAAAAAAAAAAAAAAA")"
[[ "$direct" == 429 ]] || fail "a direct request with a forged X-Forwarded-For was not limited as 127.0.0.1: $direct"
# ... while another client behind the same proxy is not: the app counts the address nginx
# reports, not the proxy's own.
other="$("${CURL[@]}" --interface 127.0.0.3 -o /dev/null -w '%{http_code}' "$TOKEN_PAGE")"
[[ "$other" != 429 ]] || fail "a second client behind the proxy shared the first one's limit"
say "ok - X-Forwarded-For honoured from the proxy only (limited: $codes; direct forged: $direct; another client: $other)"

# --- signing over HTTPS, end to end ------------------------------------------------------------
JAR="$WORK/jar"
C=("${CURL[@]}" --interface 127.0.0.5 -b "$JAR" -c "$JAR")
FORM="$("${C[@]}" "$BASE/petitions/let-families-visit")"
TOKEN="$(grep -o 'name="csrf_token" value="[^"]*"' <<<"$FORM" | head -1 | sed 's/.*value="//; s/"$//')"
[[ -n "$TOKEN" ]] || fail "no signing form"
status="$("${C[@]}" -o /dev/null -w '%{http_code}' \
  --data-urlencode "csrf_token=$TOKEN" --data-urlencode "name=Parvin" \
  --data-urlencode "email=parvin.tls@example.org" --data-urlencode "country=DE" \
  --data-urlencode "city=Köln" --data-urlencode "relationship=supporter" \
  --data-urlencode "public_disclosure=hidden" --data-urlencode "book_disclosure=full" \
  --data-urlencode "consent=yes" "$BASE/petitions/let-families-visit/sign")"
[[ "$status" == 303 ]] || fail "signing over HTTPS answered $status"
LINK=""
for _ in $(seq 1 200); do
  LINK="$(cat "$PEYVAND_DATA_DIR"/mail/*.eml 2>/dev/null | sed -e 's/=\r$//' -e 's/=$//' | tr -d '\r\n' \
    | grep -o "$BASE/signatures/confirm/[A-Za-z0-9_-]*" | head -1 || true)"
  [[ -n "$LINK" ]] && break
  sleep 0.1
done
[[ -n "$LINK" ]] || fail "no confirmation email with an https link to $BASE"
PAGE="$("${C[@]}" "$LINK")"
TOKEN="$(grep -o 'name="csrf_token" value="[^"]*"' <<<"$PAGE" | head -1 | sed 's/.*value="//; s/"$//')"
RESULT="$("${C[@]}" -w '\n%{http_code}' --data-urlencode "csrf_token=$TOKEN" "$LINK")"
[[ "$(tail -1 <<<"$RESULT")" == 200 ]] || fail "confirming over HTTPS answered $(tail -1 <<<"$RESULT")"
grep -q '<code dir="ltr">' <<<"$RESULT" || fail "the confirmation page shows no receipt code"
say "ok - signed, emailed an https link, confirmed, receipt shown"

# --- page weight in Chromium ---------------------------------------------------------------------
if [[ "${SKIP_WEIGHT:-}" != 1 ]]; then
  (cd tests/browser && [[ -d node_modules ]] || npm ci --no-audit --no-fund --loglevel=error)
  # Chromium keeps nothing in its cache from a site whose certificate it doubts: it is told
  # to trust this one by its public key, as a browser trusts a real certificate.
  SPKI="$(openssl x509 -in "$WORK/cert.pem" -pubkey -noout | openssl pkey -pubin -outform der \
    | openssl dgst -sha256 -binary | base64)"
  BASE_URL="$BASE" TRUST_SPKI="$SPKI" node tests/browser/weight.mjs
fi
say "all checks passed"
