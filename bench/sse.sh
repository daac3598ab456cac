#!/usr/bin/env bash
# The live shared inbox under load: how many open Server-Sent Event streams
# (/console/o/{office}/percakapan/live) one balai holds and its RSS (aim:
# 1,000 streams under 100 MB), and the latency from a signed WhatsApp
# webhook POST to the "message" event on every open stream (p50/p99 over
# all deliveries, and of the slowest stream per message). The streams are
# idle suspended connections; each message fans out to all of them.
# Runs on a fresh SQLite file, then on a throw-away PostgreSQL cluster
# (events through pg_notify and the LISTEN thread) when
# scripts/pg-test-cluster can start one.
#   bench/sse.sh
# Env: BALAI_BIN (build/balai), STREAMS (1000), PROBES (100), PG (1; 0 skips
#      PostgreSQL), PORT (18093), PG_PORT (18094)
# The load tool is bench/sse_load.mjs (node: one socket per stream, the
# fake Graph API of the tests answers the bot's replies).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BALAI_BIN:-build/balai}
if [ -z "${BALAI_BIN:-}" ]; then
    make -s >/dev/null || { echo "sse.sh: make failed" >&2; exit 1; }
fi
[ -x "$BIN" ] || { echo "sse.sh: $BIN is missing (make, or set BALAI_BIN)" >&2; exit 1; }
command -v node >/dev/null || { echo "sse.sh: node is missing" >&2; exit 1; }
PORT=${PORT:-18093}
PG_PORT=${PG_PORT:-18094}
export STREAMS=${STREAMS:-1000} PROBES=${PROBES:-100}
# the load tool holds one descriptor per stream too
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

WORK=$(mktemp -d /tmp/balai-bench.XXXXXX)
chmod 755 "$WORK"       # the postgres user must reach the cluster under it
PID=
PG_STOP=
cleanup() {
    [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
    [ -n "$PG_STOP" ] && $PG_STOP >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
# shellcheck source=bench/lib.sh
. bench/lib.sh

report() {
    node -e '
        const r = JSON.parse(process.argv[1]);
        const mb = (kb) => (kb / 1024).toFixed(1) + " MB";
        console.log(`  streams held:      ${r.streams} (opened in ${r.open_ms} ms; server descriptors ${r.fds})`);
        console.log(`  server RSS:        ${mb(r.rss_idle_kb)} idle, ${mb(r.rss_open_kb)} with the streams open, ${mb(r.rss_after_kb)} after the messages` +
                    `  (aim: under 100 MB) ${r.rss_open_kb < 100 * 1024 && r.rss_after_kb < 100 * 1024 ? "ok" : "MISSED"}`);
        console.log(`  webhook -> event:  ${r.probes} messages x ${r.streams} streams = ${r.deliveries} deliveries, ${r.missed} missed`);
        console.log(`                     p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, max ${r.max_ms} ms (every stream)`);
        console.log(`                     slowest stream per message: p50 ${r.last_p50_ms} ms, p99 ${r.last_p99_ms} ms`);
    ' "$1"
}

run() {
    local out
    out=$(node bench/sse_load.mjs "http://127.0.0.1:$PORT" "$BIN" "$DB" "$PID") || { echo "sse.sh: load tool failed" >&2; exit 1; }
    report "$out"
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
}

echo "SQLite ($STREAMS streams, $PROBES webhook messages)"
DB="$WORK/sse.db"
start_balai
run

if [ "${PG:-1}" = 0 ]; then
    echo "PostgreSQL: skipped (PG=0)"
elif ! command -v psql >/dev/null; then
    echo "PostgreSQL: skipped (psql is missing: scripts/install-deps --test)"
elif PGURL=$(scripts/pg-test-cluster start "$WORK/pg" "$PG_PORT" 2>"$WORK/pg.err" | tail -1) &&
     [ -n "$PGURL" ]; then
    PG_STOP="scripts/pg-test-cluster stop $WORK/pg"
    DB=$PGURL
    echo "PostgreSQL ($STREAMS streams, $PROBES webhook messages, through LISTEN/NOTIFY)"
    start_balai
    run
else
    echo "PostgreSQL: skipped (no throw-away cluster: $(tail -1 "$WORK/pg.err"))"
fi
