#!/bin/sh
# Measures an authenticated staff-console page with wrk and prints
# requests/s, p99 latency, and the server's idle and peak RSS.
# Figures only; nothing is asserted. Needs wrk (scripts/install-deps --test).
#   bench/console.sh [DB_URL]   default: a fresh SQLite file with demo data
# Env: DURATION (default 10s), CONNECTIONS (default 64), THREADS (default 2),
#      PAGE (default /console/o/jelitik), BALAI_BIN (default build/balai)
set -eu
cd "$(dirname "$0")/.."
BIN=${BALAI_BIN:-build/balai}
[ -x "$BIN" ] || make >/dev/null
command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps --test"; exit 1; }
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PAGE=${PAGE:-/console/o/jelitik}
WORK=$(mktemp -d /tmp/balai-bench.XXXXXX)
DB=${1:-$WORK/balai.db}
PORT=18080
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM

. bench/lib.sh
start_balai
IDLE=$(rss VmRSS)

# sign in like a browser: the login form's pre-session token, then the session cookie
JAR=$WORK/cookies
TOKEN=$(curl -s -c "$JAR" "http://127.0.0.1:$PORT/login" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "_csrf=$TOKEN&username=lurah.jelitik&password=Demo%23Balai2026" \
    "http://127.0.0.1:$PORT/login"
SESSION=$(awk '$6 == "balai_sesi" { print $7 }' "$JAR")
[ -n "$SESSION" ] || { echo "login failed"; exit 1; }
CODE=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: balai_sesi=$SESSION" "http://127.0.0.1:$PORT$PAGE")
[ "$CODE" = 200 ] || { echo "page answered $CODE"; exit 1; }

# the login's Argon2id hash takes 64 MiB for a moment; reset the peak so
# the figure below is the server under load (Linux clear_refs "5")
echo 5 > /proc/$PID/clear_refs 2>/dev/null || true
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Cookie: balai_sesi=$SESSION" \
    "http://127.0.0.1:$PORT$PAGE" >"$WORK/wrk.txt"
REQS=$(awk '/Requests\/sec/ { print $2 }' "$WORK/wrk.txt")
P99=$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")
ERRS=$(awk '/Non-2xx/ { print $4 }' "$WORK/wrk.txt")
PEAK=$(rss VmHWM)

echo "page:            $PAGE (signed in as lurah.jelitik), $(case "$DB" in postgres*) echo PostgreSQL;; *) echo SQLite;; esac)"
echo "load:            wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
echo "requests/s:      $REQS"
echo "p99 latency:     $P99"
echo "non-2xx:         ${ERRS:-0}"
echo "idle RSS:        $((IDLE / 1024)) MB ($IDLE kB)"
echo "peak RSS (load): $((PEAK / 1024)) MB ($PEAK kB)"
