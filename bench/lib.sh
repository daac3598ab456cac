# Shared by the bench scripts (sourced): starts Balai on a database with the
# demo data. Expects BIN, DB, PORT and WORK; sets PID; defines rss KEY
# (VmRSS, VmHWM of the server, in kB).
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
