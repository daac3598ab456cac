# Shared by the bench scripts (sourced from the repository root): starts
# Balai on a database with the demo data. Expects BIN, DB, PORT and WORK;
# sets PID; defines rss KEY (VmRSS, VmHWM of the server, in kB), serve_static
# FILE and load URL. The benches that set a Balai page against nginx (news,
# portal) begin with page_bench_setup and end with page_bench_report.
start_balai() {
    "$BIN" init --demo --db "$DB" >/dev/null
    # the load generator plays many clients from one address: lift the
    # per-address connection cap (an older binary ignores the variable)
    BALAI_MAX_CONN_PER_ADDRESS=${BALAI_MAX_CONN_PER_ADDRESS:-100000} \
    "$BIN" serve --listen 127.0.0.1:$PORT --db "$DB" --threads "${SERVER_THREADS:-4}" \
        >"$WORK/serve.log" 2>&1 &
    PID=$!
    until grep -q "Balai berjalan" "$WORK/serve.log"; do sleep 0.1; done
    sleep 0.5
}
rss() { awk -v k="$1" '$1 == k":" { print $2 }' /proc/$PID/status; }
# Serves $WORK/www with nginx on 127.0.0.1:$NPORT (sets NPID), to compare a
# Balai page with the same bytes as a static file; waits until FILE answers.
serve_static() {
    cat > "$WORK/nginx.conf" <<CONF
daemon off;
worker_processes 2;
error_log $WORK/nginx-error.log;
pid $WORK/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$NPORT;
        root $WORK/www;
        location / { default_type text/html; }
    }
}
CONF
    "$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
    NPID=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$NPORT/$1"; do sleep 0.1; done
}
# URL -> "requests/s p99 non-2xx" under wrk -t$THREADS -c$CONNECTIONS -d$DURATION
load() {
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1" > "$WORK/wrk.txt"
    awk '/Requests\/sec/ { r = $2 } $1 == "99%" { p = $2 } /Non-2xx/ { e = $4 }
         END { print r, p, (e ? e : 0) }' "$WORK/wrk.txt"
}
# page_bench_setup DB_ARG PORT NPORT: what a page-against-nginx bench needs
# before it starts: the binary (built if missing), wrk and nginx, DURATION
# (10s), CONNECTIONS (64) and THREADS (2) from the environment, a work folder
# removed on exit with both servers stopped, DB (DB_ARG, or a fresh SQLite
# file there), PORT and NPORT.
page_bench_setup() {
    BIN=${BALAI_BIN:-build/balai}
    [ -x "$BIN" ] || make >/dev/null
    command -v wrk >/dev/null || { echo "wrk is missing: scripts/install-deps --bench"; exit 1; }
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
    [ -x "$NGINX" ] || { echo "nginx is missing: scripts/install-deps --bench"; exit 1; }
    DURATION=${DURATION:-10s}
    CONNECTIONS=${CONNECTIONS:-64}
    THREADS=${THREADS:-2}
    WORK=$(mktemp -d /tmp/balai-bench.XXXXXX)
    chmod 755 "$WORK"
    DB=${1:-$WORK/balai.db}
    PORT=$2
    NPORT=$3
    PID= NPID=
    trap 'kill $PID $NPID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT INT TERM
}
# Serves Balai's answer for $PAGE as a static file with nginx; sets BYTES.
page_bench_static() {
    mkdir -p "$WORK/www"
    curl -sf "http://127.0.0.1:$PORT$PAGE" > "$WORK/www/page.html"
    BYTES=$(wc -c < "$WORK/www/page.html")
    serve_static page.html
}
# Loads $PAGE from Balai uncached (?bench=1), cached, then nginx's copy; sets
# U_RPS U_P99, B_RPS B_P99 B_ERR, N_RPS N_P99, and PEAK (the server's VmHWM
# right after its own load, in kB).
page_bench_load() {
    set -- $(load "http://127.0.0.1:$PORT$PAGE?bench=1"); U_RPS=$1 U_P99=$2
    set -- $(load "http://127.0.0.1:$PORT$PAGE"); B_RPS=$1 B_P99=$2 B_ERR=$3
    PEAK=$(rss VmHWM)
    set -- $(load "http://127.0.0.1:$NPORT/page.html"); N_RPS=$1 N_P99=$2
}
# The lines both benches print first: the page, the load, Balai and nginx.
page_bench_report() {
    echo "page:              $PAGE ($BYTES bytes), $(case "$DB" in postgres*) echo PostgreSQL;; *) echo SQLite;; esac)"
    echo "load:              wrk -t$THREADS -c$CONNECTIONS -d$DURATION (same machine)"
    echo "balai requests/s:  $B_RPS   p99 $B_P99   non-2xx $B_ERR"
    echo "nginx requests/s:  $N_RPS   p99 $N_P99   (the same bytes as a static file)"
    echo "balai uncached:    $U_RPS   p99 $U_P99   (rendered every time: ?bench=1 skips the page cache)"
    echo "balai / nginx:     $(awk -v a="$B_RPS" -v b="$N_RPS" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
}
