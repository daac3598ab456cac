# Shared by the bench scripts (sourced): starts Balai on a database with the
# demo data. Expects BIN, DB, PORT and WORK; sets PID; defines rss KEY
# (VmRSS, VmHWM of the server, in kB), serve_static FILE and load URL.
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
