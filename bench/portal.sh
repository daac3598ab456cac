#!/bin/sh
# Public service page: Balai's dynamic page against the same bytes served as
# a static file by nginx, in the same run, plus the printables' render time.
# Prints requests/s, p99 and the ratio; RSS of Balai. Figures only.
# Needs wrk and nginx: scripts/install-deps --bench
#   bench/portal.sh [DB_URL]    default: a fresh SQLite file with demo data
# Env: DURATION (10s), CONNECTIONS (64), THREADS (2), PAGE
#      (/o/jelitik/layanan/sktm), BALAI_BIN (build/balai)
set -eu
cd "$(dirname "$0")/.."
BIN=${BALAI_BIN:-build/balai}
[ -x "$BIN" ] || make >/dev/null
command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps --bench"; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx is missing: scripts/install-deps --bench"; exit 1; }
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PAGE=${PAGE:-/o/jelitik/layanan/sktm}
WORK=$(mktemp -d /tmp/balai-bench.XXXXXX)
chmod 755 "$WORK"
DB=${1:-$WORK/balai.db}
PORT=18081
NPORT=18082
PID= NPID=
trap 'kill $PID $NPID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM

. bench/lib.sh
start_balai

# the same bytes as a static file for nginx
mkdir -p "$WORK/www"
curl -sf "http://127.0.0.1:$PORT$PAGE" > "$WORK/www/page.html"
BYTES=$(wc -c < "$WORK/www/page.html")
serve_static page.html

IDLE=$(rss VmRSS)
set -- $(load "http://127.0.0.1:$PORT$PAGE?bench=1"); U_RPS=$1 U_P99=$2
set -- $(load "http://127.0.0.1:$PORT$PAGE"); B_RPS=$1 B_P99=$2 B_ERR=$3
PEAK=$(rss VmHWM)
set -- $(load "http://127.0.0.1:$NPORT/page.html"); N_RPS=$1 N_P99=$2

# render time of one brochure / card / poster: one connection, back to back;
# a query string keeps the page cache out of it (http/cache.h)
render() {
    wrk -t1 -c1 -d3s --latency "http://127.0.0.1:$PORT$1?bench=1" > "$WORK/wrk.txt"
    awk '$1 == "Latency" && !l { print $2; l = 1 }' "$WORK/wrk.txt"
}
PDF_MS=$(render "${PAGE}.pdf")
PNG_MS=$(render "${PAGE}.png")
POSTER_MS=$(render "$(echo "$PAGE" | sed 's,/layanan/.*,,')/poster.pdf")

echo "page:              $PAGE ($BYTES bytes), $(case "$DB" in postgres*) echo PostgreSQL;; *) echo SQLite;; esac)"
echo "load:              wrk -t$THREADS -c$CONNECTIONS -d$DURATION (same machine)"
echo "balai requests/s:  $B_RPS   p99 $B_P99   non-2xx $B_ERR"
echo "nginx requests/s:  $N_RPS   p99 $N_P99   (the same bytes as a static file)"
echo "balai uncached:    $U_RPS   p99 $U_P99   (rendered every time: ?bench=1 skips the page cache)"
echo "balai / nginx:     $(awk -v a="$B_RPS" -v b="$N_RPS" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
echo "balai idle RSS:    $((IDLE / 1024)) MB;  peak under load $((PEAK / 1024)) MB"
echo "brochure PDF:      $PDF_MS mean per render (one connection)"
echo "service card PNG:  $PNG_MS mean per render"
echo "office poster PDF: $POSTER_MS mean per render"
