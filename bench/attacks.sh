#!/usr/bin/env bash
# One client against the public server (issue "No single client takes the
# public server down"): reproduces each attack against a Balai on loopback
# and prints what the attacker and an ordinary visitor from another address
# got. Bounded in count and time; stops by itself. Figures only: nothing
# here fails on a slow machine; a broken run (no server) exits non-zero.
#   slowloris  2,100 slow connections from one address, one header line
#              every 10 s: the visitor's latency meanwhile, how many the
#              server let in and closed
#   login      16 parallel bogus logins from one address, then from a new
#              forwarded address each (a botnet): the portal's p50/p90 meanwhile
#   webchat    300 posts without a token from one address: how many opened
#              a conversation
#   webhook    badly signed 1 MB WhatsApp deliveries with 62 offices that
#              each have their own app secret: server CPU per delivery
#   bench/attacks.sh [SCENARIO...]     (all four by default)
# Env: BALAI_BIN (build/balai), PORT (18090), SECONDS (slowloris 40, login 20)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BALAI_BIN:-build/balai}
if [ -z "${BALAI_BIN:-}" ]; then
    make -s >/dev/null || { echo "attacks.sh: make failed" >&2; exit 1; }
fi
[ -x "$BIN" ] || { echo "attacks.sh: $BIN is missing (make, or set BALAI_BIN)" >&2; exit 1; }
command -v node >/dev/null || { echo "attacks.sh: node is missing" >&2; exit 1; }
PORT=${PORT:-18090}
WORK=$(mktemp -d)
PID=
stop() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=; fi; }
trap 'stop; rm -rf "$WORK"' EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# fresh database with the demo data, then serve (extra flags through the
# environment, so an older binary without them still runs)
serve() {
    stop
    DB="$WORK/balai-$1.db"
    "$BIN" init --demo --db "$DB" >/dev/null 2>&1
    [ -n "${2:-}" ] && "$2"
    "$BIN" serve --listen 127.0.0.1:$PORT --db "$DB" >"$WORK/serve-$1.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 300); do
        grep -q "Balai berjalan" "$WORK/serve-$1.log" && return 0
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "attacks.sh: the server did not start:" >&2
    cat "$WORK/serve-$1.log" >&2
    exit 1
}

sixty_two_offices() {
    for i in $(seq -w 1 62); do
        "$BIN" office add "bench-$i" --name "Kelurahan Bench $i" --type kelurahan \
            --parent kec-sungailiat --db "$DB" >/dev/null 2>&1
        "$BIN" channel whatsapp --office "bench-$i" --phone-number-id "1100000000000$i" \
            --token "EAAGbenchToken0123456789$i" --app-secret "benchappsecret$i" \
            --verify-token "benchvt$i" --graph-url http://127.0.0.1:9 --db "$DB" >/dev/null 2>&1
    done
}

run() { node bench/attacks.mjs "$@" || exit 1; }

for s in "${@:-slowloris login webchat webhook}"; do
    for scenario in $s; do
        case $scenario in
            slowloris)
                serve slowloris
                run slowloris "http://127.0.0.1:$PORT" CONNS=2100 LINE_S=10 SECONDS="${SECONDS_SLOW:-40}"
                grep -c "koneksi ditolak" "$WORK/serve-slowloris.log" | sed 's/^/  summary lines in the log: /' ;;
            login)
                serve login
                run login "http://127.0.0.1:$PORT" PARALLEL=16 SECONDS="${SECONDS_LOGIN:-20}"
                BALAI_TRUSTED_PROXY=127.0.0.1 serve login-xff
                run login "http://127.0.0.1:$PORT" PARALLEL=16 SECONDS="${SECONDS_LOGIN:-20}" XFF=1 ;;
            webchat)
                serve webchat
                run webchat "http://127.0.0.1:$PORT" POSTS=300 ;;
            webhook)
                BALAI_TRUSTED_PROXY=127.0.0.1 serve webhook sixty_two_offices
                run webhook "http://127.0.0.1:$PORT" REQUESTS=100 PID="$PID" NUMBER=110000000000031
                run webhook "http://127.0.0.1:$PORT" REQUESTS=100 PID="$PID" NUMBER=999999999999999
                echo "  refusal lines in the log: $(grep -c 'ditolak' "$WORK/serve-webhook.log")" ;;
            *) echo "attacks.sh: unknown scenario $scenario" >&2; exit 2 ;;
        esac
    done
done
stop
