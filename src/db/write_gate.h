/* write_gate: turns at SQLite's one write lock among this process's threads.
 *
 * SQLite lets one connection write at a time and makes the others poll
 * (the busy handler in sqlite.c). Polling is not fair: a worker that
 * commits and at once begins again wins the lock over the webhook writer
 * that is napping between tries, and a citizen's delivery waits behind
 * a run of background jobs (tens of ms, measured by bench/webhook.sh).
 * So the threads of one process first take turns here, in order, and
 * only then ask SQLite; another process (the CLI) still meets the busy
 * handler. A connection marked first (the ingest writer) goes ahead of
 * the others, but never twice in a row while another thread waits, so
 * the job workers keep moving under any load.
 *
 * The gate only orders; SQLite's lock still guarantees correctness. A
 * thread waits at most WRITE_GATE_WAIT_MS and then goes on without its
 * turn, so a mistake here can slow writes down but never stop them.
 * Used only by src/db/sqlite.c. */
#ifndef BALAI_DB_WRITE_GATE_H
#define BALAI_DB_WRITE_GATE_H

#define WRITE_GATE_WAIT_MS 10000

/* Waits for this thread's turn; a thread that holds the gate already
 * (a second connection of its own) gets it at once. Returns 1 when the
 * turn was taken (pair it with write_gate_leave), 0 when the wait timed
 * out and the caller goes on without a turn. */
int  write_gate_enter(int first);
void write_gate_leave(void);
/* How many threads wait now, of each kind (tests). */
void write_gate_waiters(int *first, int *others);

#endif
