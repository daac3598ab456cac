#!/usr/bin/env bash
# WhatsApp webhook ingest under load: signed deliveries (Meta's webhook shape,
# X-Hub-Signature-256) from many keep-alive connections at once against
# POST /webhooks/whatsapp, which answers 200 only once a delivery is
# committed (the ingest writer's group commit, fsync'd). Two runs:
#   closed loop  each connection sends again as soon as it is answered: the
#                most deliveries/s the server acknowledges (with CONNS in
#                flight, mean latency = CONNS / throughput)
#   open loop    RATE deliveries/s due on a clock, as Meta delivers: latency
#                counted from when each was due, so falling behind shows
# Prints deliveries/s acknowledged, p50/p90/p99/max latency, peak RSS of the
# server, and, after the server is killed (SIGKILL), how many acknowledged
# messages are missing from the database (lost) or stored twice
# (duplicated); and how many of the stored messages the bot's workers had
# taken up when the load ended (the rest wait in the durable queue) and how
# fast they go on after it. Every 50th request re-sends an earlier message (a
# redelivery), so idempotency is part of the count.
# Runs on a fresh SQLite file, then on a throw-away PostgreSQL cluster when
# scripts/pg-test-cluster can start one (skipped with a message otherwise).
# Figures only: missing an aim does not fail; a broken run (no server, a
# stalled load, a failed count) exits non-zero.
#   bench/webhook.sh
# Env: BALAI_BIN (build/balai), CONNS (256), REQUESTS (100000), DUP_EVERY
#      (50; 0: no redeliveries), WARMUP (5000 requests first, not counted in
#      the figures), RATE (8000 deliveries/s for the open loop; 0 skips it),
#      SERVER_THREADS (4), PG (1; 0 skips PostgreSQL),
#      PORT (18083), PG_PORT (18084)
# The load generator is bench/webhook_load.c (epoll, keep-alive, libsodium
# HMAC); this script builds it into build/bench/webhook_load when stale.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BALAI_BIN:-build/balai}
if [ -z "${BALAI_BIN:-}" ]; then
    make -s >/dev/null || { echo "webhook.sh: make failed" >&2; exit 1; }
fi
[ -x "$BIN" ] || { echo "webhook.sh: $BIN is missing (make, or set BALAI_BIN)" >&2; exit 1; }
for t in cc pkg-config sqlite3 curl; do
    command -v "$t" >/dev/null || { echo "webhook.sh: $t is missing (scripts/install-deps --test)" >&2; exit 1; }
done
LOADER=build/bench/webhook_load
if [ ! -x "$LOADER" ] || [ bench/webhook_load.c -nt "$LOADER" ]; then
    mkdir -p build/bench
    # shellcheck disable=SC2046 # pkg-config's flags are words
    cc -O2 -Wall -Wextra -Werror -o "$LOADER" bench/webhook_load.c $(pkg-config --cflags --libs libsodium)
fi

CONNS=${CONNS:-256}
REQUESTS=${REQUESTS:-100000}
DUP_EVERY=${DUP_EVERY:-50}
WARMUP=${WARMUP:-5000}
RATE=${RATE:-8000}
PORT=${PORT:-18083}
PG_PORT=${PG_PORT:-18084}
OFFICE=jelitik
PHONE_ID=112233445566778
SECRET=benchsecret123
VERIFY=benchverify
AIM_RPS=8000
AIM_P99=25

WORK=$(mktemp -d /tmp/balai-bench.XXXXXX)
chmod 755 "$WORK"       # the postgres user must reach the cluster under it
PID=
LPID=
PGDIR=
cleanup() {
    set +e
    [ -n "$LPID" ] && kill "$LPID" 2>/dev/null
    [ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
    [ -n "$PGDIR" ] && scripts/pg-test-cluster stop "$PGDIR" >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# shellcheck source=bench/lib.sh
. bench/lib.sh          # rss KEY

# field NAME FILE: a number from the load generator's summary
field() { sed -n "s/^ *\"$1\": *\([0-9.]*\).*/\1/p" "$2"; }
# server CPU seconds so far (utime + stime)
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / t }' "/proc/$PID/stat"; }

# start_server DB: like lib.sh's start_balai, with the WhatsApp channel of
# the demo office configured between init and serve. Its Graph URL leads
# nowhere: the bot's replies fail and are retried; this measures ingest.
start_server() {
    local db=$1
    "$BIN" init --demo --db "$db" >/dev/null
    "$BIN" channel whatsapp --office "$OFFICE" --phone-number-id "$PHONE_ID" --token benchtoken1234 \
        --app-secret "$SECRET" --verify-token "$VERIFY" --graph-url http://127.0.0.1:9 \
        --db "$db" >/dev/null
    : >"$WORK/serve.log"
    # the loader plays Meta from one address with CONNS connections: lift the
    # per-address connection cap (an older binary ignores the variable)
    BALAI_MAX_CONN_PER_ADDRESS=${BALAI_MAX_CONN_PER_ADDRESS:-100000} \
    "$BIN" serve --listen "127.0.0.1:$PORT" --db "$db" --threads "${SERVER_THREADS:-4}" \
        >"$WORK/serve.log" 2>&1 &
    PID=$!
    local i=0
    until grep -q "Balai berjalan" "$WORK/serve.log"; do
        if ! kill -0 "$PID" 2>/dev/null || [ $i -ge 300 ]; then
            echo "webhook.sh: the server did not start:" >&2
            tail -20 "$WORK/serve.log" >&2
            exit 1
        fi
        sleep 0.1
        i=$((i + 1))
    done
    sleep 0.5
    # the handshake and a forged delivery, so a misconfigured run stops here
    local url="http://127.0.0.1:$PORT/webhooks/whatsapp" got
    got=$(curl -s "$url?hub.mode=subscribe&hub.challenge=4242&hub.verify_token=$VERIFY")
    [ "$got" = 4242 ] || { echo "webhook.sh: verification handshake answered \"$got\"" >&2; exit 1; }
    got=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -H "X-Hub-Signature-256: sha256=$(printf '0%.0s' $(seq 64))" -d '{"object":"x"}' "$url")
    [ "$got" = 401 ] || { echo "webhook.sh: a forged signature answered $got, not 401" >&2; exit 1; }
}

# load RUN_ID REQUESTS OUT ACKED: one run of the load generator
load() {
    # in the background so that a signal to this script is handled at once
    "$LOADER" 127.0.0.1 "$PORT" "$CONNS" "$2" "$SECRET" "$PHONE_ID" "$DUP_EVERY" "$1" "$4" >"$3" &
    LPID=$!
    wait "$LPID" || {
        echo "webhook.sh: the load generator failed or stalled:" >&2
        cat "$3" >&2
        tail -20 "$WORK/serve.log" >&2
        exit 1
    }
    LPID=
}

# count LABEL DB: rows, distinct ids, acked ids missing, rows never acked
count() {
    local where="direction = 'in' AND channel = 'whatsapp'"
    local q="SELECT COUNT(*), COUNT(DISTINCT external_id),
      (SELECT COUNT(*) FROM acked a WHERE NOT EXISTS
         (SELECT 1 FROM message m WHERE m.channel = 'whatsapp' AND m.direction = 'in'
          AND m.external_id = a.id)),
      (SELECT COUNT(*) FROM message m WHERE m.$where AND m.external_id LIKE 'wamid.bench%'
         AND NOT EXISTS (SELECT 1 FROM acked a WHERE a.id = m.external_id))
      FROM message WHERE $where;"
    case "$2" in
        postgres*)
            psql -X -q -At -F ' ' -v ON_ERROR_STOP=1 "$2" <<SQL
CREATE TEMP TABLE acked (id TEXT PRIMARY KEY);
\copy acked FROM '$WORK/acked.txt'
$q
SQL
            ;;
        *)
            sqlite3 -batch -bail "$2" <<SQL
.mode list
.separator ' '
CREATE TEMP TABLE acked (id TEXT PRIMARY KEY);
.import --csv $WORK/acked.txt acked
$q
SQL
            ;;
    esac
}

# backlog DB: messages stored but not yet taken up by the bot's workers
backlog() {
    local q="SELECT COUNT(*) FROM message WHERE direction = 'in' AND status = 'new';"
    case "$1" in
        postgres*) psql -X -q -At -v ON_ERROR_STOP=1 "$1" -c "$q" ;;
        *) sqlite3 -batch -bail "$1" "$q" ;;
    esac
}

# figures RUN.json: "deliveries/s p50 p90 p99 max elapsed"
figures() {
    echo "$(field ok_per_s "$1") $(field p50_ms "$1") $(field p90_ms "$1") $(field p99_ms "$1")" \
         "$(field max_ms "$1") $(field elapsed_s "$1")"
}
# verdict VALUE OP AIM
verdict() { awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN { ok = op == ">=" ? a >= b : a < b; print ok ? "met" : "missed" }'; }

# bench LABEL DB NOTE
bench() {
    local label=$1 db=$2 note=$3 tag
    tag=$(date +%s)
    start_server "$db"
    local idle
    idle=$(rss VmRSS)
    : >"$WORK/acked-w.txt"
    : >"$WORK/acked-o.txt"
    [ "$WARMUP" -gt 0 ] && load "${tag}w" "$WARMUP" "$WORK/warmup.json" "$WORK/acked-w.txt"
    # the peak below is the measured runs' (Linux clear_refs "5" resets VmHWM)
    echo 5 >"/proc/$PID/clear_refs" 2>/dev/null || true
    local cpu0 cpu1 cpu2
    cpu0=$(cpu_s)
    # closed loop: each connection sends again as soon as it is answered
    load "${tag}c" "$REQUESTS" "$WORK/closed.json" "$WORK/acked-c.txt"
    cpu1=$(cpu_s)
    # open loop: RATE deliveries/s due whether or not the server keeps up;
    # one that falls far behind ends the run at 3 times its planned length
    local deadline
    deadline=$(awk -v n="$REQUESTS" -v r="$RATE" 'BEGIN { d = r > 0 ? 3 * n / r : 0; print d < 30 ? 30 : d }')
    [ "$RATE" != 0 ] && WEBHOOK_LOAD_RATE=$RATE WEBHOOK_LOAD_DEADLINE=$deadline \
        load "${tag}o" "$REQUESTS" "$WORK/open.json" "$WORK/acked-o.txt"
    cpu2=$(cpu_s)
    local peak rss_end
    peak=$(rss VmHWM)
    rss_end=$(rss VmRSS)
    # once the burst is over the workers answer at full speed: 3 s of that
    local waiting0 waiting3
    waiting0=$(backlog "$db") || { echo "webhook.sh: counting the bot's backlog failed" >&2; exit 1; }
    sleep 3
    waiting3=$(backlog "$db") || { echo "webhook.sh: counting the bot's backlog failed" >&2; exit 1; }
    # killed, not stopped: what was acknowledged must already be committed
    kill -KILL "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
    cat "$WORK/acked-w.txt" "$WORK/acked-c.txt" "$WORK/acked-o.txt" >"$WORK/acked.txt"
    local acked rows distinct lost extra
    acked=$(wc -l <"$WORK/acked.txt")
    read -r rows distinct lost extra < <(count "$label" "$db") || true
    [ -n "${extra:-}" ] || { echo "webhook.sh: counting the stored messages failed" >&2; exit 1; }

    local runs=$WORK/closed.json failed=0 lcpu=0 codes="" sent=0 f
    [ "$RATE" != 0 ] && runs="$runs $WORK/open.json"
    for f in $runs; do
        failed=$((failed + $(field failed "$f")))
        sent=$((sent + $(field unique_ids_sent "$f")))
        codes="$codes${codes:+, }$(basename "$f" .json) $(field non_200_total "$f")"
        codes="$codes $(sed -n 's/^ *"non_200": \(.*\),$/\1/p' "$f")"
        lcpu=$(awk -v a="$lcpu" -v b="$(field cpu_s "$f")" 'BEGIN { print a + b }')
    done
    local rps p50 p90 p99 max el v1 v2
    read -r rps p50 p90 p99 max el < <(figures "$WORK/closed.json")
    if [ "$label" = SQLite ]; then
        v1="aim >= $AIM_RPS/s: $(verdict "$rps" '>=' "$AIM_RPS")"
        v2="aim < $AIM_P99 ms: $(verdict "$p99" '<' "$AIM_P99")"
    else
        v1="(the aims are SQLite's)" v2=
    fi
    echo "== $label ($note)"
    echo "load:            $CONNS connections, $REQUESTS deliveries a run (1 in $DUP_EVERY a redelivery), after $WARMUP warm-up"
    echo "closed loop:     $rps deliveries/s acknowledged (200 only after commit) in $el s    $v1"
    echo "  latency:       p99 $p99 ms (p50 $p50, p90 $p90, max $max)${v2:+    $v2}"
    if [ "$RATE" != 0 ]; then
        read -r rps p50 p90 p99 max el < <(figures "$WORK/open.json")
        if [ "$label" = SQLite ] && [ "$(verdict "$RATE" '>=' "$AIM_RPS")" = met ]; then
            v2="aim < $AIM_P99 ms at $AIM_RPS/s: $(verdict "$p99" '<' "$AIM_P99")"
        elif [ "$label" = SQLite ]; then
            v2="(the aim is p99 < $AIM_P99 ms at $AIM_RPS/s)"
        fi
        local unsent
        unsent=$(field not_sent "$WORK/open.json")
        echo "open loop:       $RATE/s offered: $rps deliveries/s acknowledged in $el s"
        [ "$unsent" = 0 ] || echo "                 $unsent not sent: the server fell behind and the run stopped at $deadline s"
        echo "  latency:       p99 $p99 ms (p50 $p50, p90 $p90, max $max; from when each was due)${v2:+    $v2}"
    fi
    echo "non-200:         $codes; no answer after 3 tries: $failed"
    echo "server RSS:      idle $((idle / 1024)) MB; peak during the runs $((peak / 1024)) MB; at the end $((rss_end / 1024)) MB"
    echo "CPU:             server $(awk -v a="$cpu0" -v b="$cpu1" -v c="$cpu2" 'BEGIN { printf "%.1f s closed + %.1f s open", b - a, c - b }')," \
         "load generator $lcpu s ($(nproc) cores, same machine)"
    [ "$WARMUP" -gt 0 ] && sent=$((sent + $(field unique_ids_sent "$WORK/warmup.json")))
    echo "stored:          $rows rows, $distinct distinct ids; of $sent ids sent, $acked acknowledged"
    echo "bot:             $((rows - waiting0)) of $rows messages answered by the end of the load (workers rest" \
         "while deliveries arrive); then $(( (waiting0 - waiting3) / 3 ))/s"
    echo "lost: $lost, duplicated: $((rows - distinct))   (stored without a 200: $extra)"
}

bench SQLite "$WORK/balai.db" "a fresh file; the ingest writer commits with synchronous=FULL"

if [ "${PG:-1}" = 0 ]; then
    echo "== PostgreSQL: skipped (PG=0)"
elif ! command -v psql >/dev/null; then
    echo "== PostgreSQL: skipped (psql is missing: scripts/install-deps --test)"
else
    PGDIR=$WORK/pg
    if ! PGURL=$(scripts/pg-test-cluster start "$PGDIR" "$PG_PORT" 2>"$WORK/pg.err" | tail -1) ||
       [ -z "$PGURL" ]; then
        echo "== PostgreSQL: skipped (no throw-away cluster: $(tail -1 "$WORK/pg.err"))"
        exit 0
    fi
    # the test cluster runs with fsync off; a durability figure needs it on
    psql -X -q -v ON_ERROR_STOP=1 "$PGURL" >/dev/null <<'SQL'
ALTER SYSTEM SET fsync = on;
ALTER SYSTEM SET synchronous_commit = on;
ALTER SYSTEM SET full_page_writes = on;
SELECT pg_reload_conf();
SQL
    sleep 0.5
    PGNOTE=$(psql -X -At -F '|' "$PGURL" -c "SELECT current_setting('server_version'), current_setting('fsync'),
        current_setting('synchronous_commit')" | awk -F'|' '{ printf "PostgreSQL %s, throw-away cluster, fsync %s, synchronous_commit %s", $1, $2, $3 }')
    echo
    bench PostgreSQL "$PGURL" "$PGNOTE"
fi
