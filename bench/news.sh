#!/bin/sh
# News item page (issue 16): Balai's page for one published item against the
# same bytes served as a static file by nginx, in the same run, plus the
# Atom feed's rate. Prints requests/s, p99 and the ratio. Figures only.
# Needs wrk and nginx: scripts/install-deps --bench
#   bench/news.sh [DB_URL]    default: a fresh SQLite file with demo data
# Env: DURATION (10s), CONNECTIONS (64), THREADS (2), BALAI_BIN (build/balai)
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
PAGE=/o/jelitik/berita/posyandu-desember
WORK=$(mktemp -d /tmp/balai-bench.XXXXXX)
chmod 755 "$WORK"
DB=${1:-$WORK/balai.db}
PORT=18083
NPORT=18084
PID= NPID=
trap 'kill $PID $NPID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM

. bench/lib.sh
start_balai

# one published item in the standard format, as the console would leave it
NOW=$(date +%s)
ITEM="INSERT INTO content_item (office_id, slug, type, state, title, item_date, source, contact,
  summary, action_points, document_url, body, alt_text, published_at, created_at, updated_at)
  SELECT id, 'posyandu-desember', 'pengumuman', 'terbit', 'Posyandu balita dan imunisasi Desember',
  '2026-12-05', 'Puskesmas Sungailiat', 'Bidan Rina 0812 1111 2222',
  'Posyandu balita dibuka Sabtu pagi di balai kelurahan.', '[\"Bawa buku KIA\",\"Datang pukul 08.00\"]',
  'https://jdih.bangka.go.id/sk.pdf', 'Imunisasi **gratis** untuk balita.

- timbang
- imunisasi
- vitamin A', '', $NOW, $NOW, $NOW FROM office WHERE slug = 'jelitik'"
case "$DB" in
    postgres*) psql -q "$DB" -c "$ITEM" ;;
    *) sqlite3 "$DB" "$ITEM" ;;
esac

mkdir -p "$WORK/www"
curl -sf "http://127.0.0.1:$PORT$PAGE" > "$WORK/www/page.html"
BYTES=$(wc -c < "$WORK/www/page.html")
serve_static page.html

set -- $(load "http://127.0.0.1:$PORT$PAGE?bench=1"); U_RPS=$1 U_P99=$2
set -- $(load "http://127.0.0.1:$PORT$PAGE"); B_RPS=$1 B_P99=$2 B_ERR=$3
set -- $(load "http://127.0.0.1:$NPORT/page.html"); N_RPS=$1 N_P99=$2
set -- $(load "http://127.0.0.1:$PORT/o/jelitik/berita.atom"); A_RPS=$1 A_P99=$2

echo "page:              $PAGE ($BYTES bytes), $(case "$DB" in postgres*) echo PostgreSQL;; *) echo SQLite;; esac)"
echo "load:              wrk -t$THREADS -c$CONNECTIONS -d$DURATION (same machine)"
echo "balai requests/s:  $B_RPS   p99 $B_P99   non-2xx $B_ERR"
echo "nginx requests/s:  $N_RPS   p99 $N_P99   (the same bytes as a static file)"
echo "balai uncached:    $U_RPS   p99 $U_P99   (rendered every time: ?bench=1 skips the page cache)"
echo "balai / nginx:     $(awk -v a="$B_RPS" -v b="$N_RPS" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
echo "atom feed:         $A_RPS   p99 $A_P99"
