#!/bin/sh
# News item page (issue 16): Balai's page for one published item against the
# same bytes served as a static file by nginx, in the same run, plus the
# Atom feed's rate. Prints requests/s, p99 and the ratio. Figures only.
# Needs wrk and nginx: scripts/install-deps --bench
#   bench/news.sh [DB_URL]    default: a fresh SQLite file with demo data
# Env: DURATION (10s), CONNECTIONS (64), THREADS (2), BALAI_BIN (build/balai)
set -eu
cd "$(dirname "$0")/.."
PAGE=/o/jelitik/berita/posyandu-desember
. bench/lib.sh
page_bench_setup "${1:-}" 18083 18084
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

page_bench_static
page_bench_load
set -- $(load "http://127.0.0.1:$PORT/o/jelitik/berita.atom"); A_RPS=$1 A_P99=$2

page_bench_report
echo "atom feed:         $A_RPS   p99 $A_P99"
