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
PAGE=${PAGE:-/o/jelitik/layanan/sktm}
. bench/lib.sh
page_bench_setup "${1:-}" 18081 18082
start_balai

# the same bytes as a static file for nginx
page_bench_static
IDLE=$(rss VmRSS)
page_bench_load

# render time of one brochure / card / poster: one connection, back to back;
# a query string keeps the page cache out of it (http/cache.h)
render() {
    wrk -t1 -c1 -d3s --latency "http://127.0.0.1:$PORT$1?bench=1" > "$WORK/wrk.txt"
    awk '$1 == "Latency" && !l { print $2; l = 1 }' "$WORK/wrk.txt"
}
PDF_MS=$(render "${PAGE}.pdf")
PNG_MS=$(render "${PAGE}.png")
POSTER_MS=$(render "$(echo "$PAGE" | sed 's,/layanan/.*,,')/poster.pdf")

page_bench_report
echo "balai idle RSS:    $((IDLE / 1024)) MB;  peak under load $((PEAK / 1024)) MB"
echo "brochure PDF:      $PDF_MS mean per render (one connection)"
echo "service card PNG:  $PNG_MS mean per render"
echo "office poster PDF: $POSTER_MS mean per render"
