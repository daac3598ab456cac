#!/bin/sh
# Upload links under attack (issue 13), against a local Balai on loopback:
#  1. fill: fresh portal-chat tokens each get a fresh upload link (a NIK
#     typed in the chat), and each link is used for 10 files of 5 MB; the
#     quotas and the disk reserve bound what is written.
#  2. held POSTs: many uploads announce 6 MB and send only a part, then
#     hold the connection; the server's memory (RSS) is printed.
# Prints bytes written, files, answers by status and RSS. Bounded in count
# and time; loopback only. Figures, not assertions. On one 2-core VM,
# HELD=150 LINKS=8: before (c3096ea) +169 MB RSS while held and 540 MB
# written in 15 s, every file accepted; after +5 MB and 50 MB (the
# address's hourly quota), the rest refused with 429.
#   bench/uploads.sh
# Env: LINKS (20), HELD (150), HELD_MB (1: sent of each held upload),
#      LIMIT_S (60), BALAI_BIN (build/balai),
#      BALAI_UPLOAD_ADDR_MB / BALAI_UPLOAD_OFFICE_MB / BALAI_FILES_RESERVE_MB
#      (passed to the server as they are)
set -eu
cd "$(dirname "$0")/.."
BIN=${BALAI_BIN:-build/balai}
[ -x "$BIN" ] || make >/dev/null
WORK=$(mktemp -d /tmp/balai-bench.XXXXXX)
DB=$WORK/balai.db
PORT=${PORT:-18091}
PID=
trap 'kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM

. bench/lib.sh
start_balai
echo "server RSS at start: $(rss VmRSS) kB"
BASE=http://127.0.0.1:$PORT FILES=$DB.files DB=$DB SERVER_PID=$PID \
    timeout "${LIMIT_S:-60}" node bench/uploads_attack.mjs
echo "server RSS at the end: $(rss VmRSS) kB (peak $(rss VmHWM) kB)"
