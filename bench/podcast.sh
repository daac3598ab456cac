#!/bin/sh
# Podcast episode files (issue 17): Balai answering byte ranges of a published
# episode's MP3 (from the file descriptor, web/episode.c) against nginx serving
# the same file, in the same run; then whole-file GETs. Prints requests/s,
# p99, MB/s and the ratio. Figures only.
# Needs wrk, nginx and ffmpeg: scripts/install-deps --bench (ffmpeg: --test)
#   bench/podcast.sh [DB_URL]    default: a fresh SQLite file with demo data
# Env: DURATION (10s), CONNECTIONS (64), THREADS (2), RANGE (bytes=0-65535),
#      BALAI_BIN (build/balai)
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
page_bench_setup "${1:-}" 18085 18086
command -v ffmpeg >/dev/null || { echo "ffmpeg is missing: scripts/install-deps --test"; exit 1; }
RANGE=${RANGE:-bytes=0-65535}
start_balai

# one published episode: 10 minutes of 128 kbit/s MP3 (about 9.6 MB)
ffmpeg -nostdin -loglevel error -f lavfi -i sine=frequency=440:duration=600 -b:a 128k "$WORK/ep.mp3"
ffmpeg -nostdin -loglevel error -f lavfi -i color=c=0x1f6fb2:s=800x800 -frames:v 1 "$WORK/cover.png"
cat > "$WORK/ep.json" <<JSON
[{"type": "podcast", "title": "Bincang layanan", "date": "2026-12-01", "source": "Kelurahan",
  "contact": "0812 1", "summary": "Episode uji.", "action_points": ["Dengarkan"],
  "document_url": "https://jelitik.go.id/a.pdf", "body": "Catatan.", "image": "cover.png",
  "alt_text": "Sampul", "state": "published", "media": ["ep.mp3"]}]
JSON
"$BIN" content import --office jelitik "$WORK/ep.json" --db "$DB" >/dev/null
URL=$(curl -sf "http://127.0.0.1:$PORT/o/jelitik/podcast.xml" | sed -n 's/.*<enclosure url="\([^"]*\)".*/\1/p')
FILE=${URL#http*://*/}
mkdir -p "$WORK/www"
cp "$WORK/ep.mp3" "$WORK/www/ep.mp3"
serve_static ep.mp3
BYTES=$(wc -c < "$WORK/ep.mp3")

# URL [HEADER] -> "requests/s p99 non-2xx MB/s"
fetch_load() {
    if [ -n "${2:-}" ]; then set -- "$1" -H "$2"; fi
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" > "$WORK/wrk.txt"
    awk '/Requests\/sec/ { r = $2 } /Transfer\/sec/ { t = $2 } $1 == "99%" { p = $2 }
         /Non-2xx/ { e = $4 } END { print r, p, (e ? e : 0), t }' "$WORK/wrk.txt"
}
set -- $(fetch_load "http://127.0.0.1:$PORT/$FILE" "Range: $RANGE"); B_RPS=$1 B_P99=$2 B_ERR=$3 B_TR=$4
set -- $(fetch_load "http://127.0.0.1:$NPORT/ep.mp3" "Range: $RANGE"); N_RPS=$1 N_P99=$2 N_TR=$4
set -- $(fetch_load "http://127.0.0.1:$PORT/$FILE"); F_RPS=$1 F_P99=$2 F_TR=$4
set -- $(fetch_load "http://127.0.0.1:$NPORT/ep.mp3"); G_RPS=$1 G_P99=$2 G_TR=$4

echo "file:              /$FILE ($BYTES bytes), $(case "$DB" in postgres*) echo PostgreSQL;; *) echo SQLite;; esac)"
echo "load:              wrk -t$THREADS -c$CONNECTIONS -d$DURATION (same machine)"
echo "range $RANGE"
echo "  balai:           $B_RPS req/s   p99 $B_P99   $B_TR/s   non-2xx $B_ERR"
echo "  nginx:           $N_RPS req/s   p99 $N_P99   $N_TR/s"
echo "  balai / nginx:   $(awk -v a="$B_RPS" -v b="$N_RPS" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
echo "whole file"
echo "  balai:           $F_RPS req/s   p99 $F_P99   $F_TR/s"
echo "  nginx:           $G_RPS req/s   p99 $G_P99   $G_TR/s"
echo "  balai / nginx:   $(awk -v a="$F_RPS" -v b="$G_RPS" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
