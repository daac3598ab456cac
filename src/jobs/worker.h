/* worker: the threads of `balai serve` that run the job queue. Each claims
 * a due job, runs the handler for its kind, and records the outcome
 * (done, retry after a back-off, dead, or put back uncounted to wait). Woken at once when new work is
 * committed in this process; otherwise they look every second, which also
 * picks up work other instances added (PostgreSQL). */
#ifndef BALAI_WORKER_H
#define BALAI_WORKER_H
#include <stdint.h>
#include "db/db.h"
#include "db/store_job.h"

/* JOB_WAIT: the job did not run (it waits for another, channels/send.c):
 * it is put back for delay_ms without counting the attempt. */
enum job_verdict { JOB_DONE = 0, JOB_RETRY, JOB_DEAD, JOB_WAIT };

struct job_result {
    enum job_verdict verdict;
    int64_t delay_ms;           /* JOB_RETRY: 0 = the usual back-off; JOB_WAIT: how long */
    char error[512];            /* shown to staff (Bahasa Indonesia) */
};

typedef void (*job_fn)(db_t *db, const struct job *j, struct job_result *res);

/* One kind of job and its handler. The table of every kind lives above
 * this layer (channels/job_kinds.c), since the handlers are the channels'
 * and the escalation's; it ends with {NULL, NULL}. */
struct job_kind { const char *kind; job_fn fn; };

/* The table job_run looks kinds up in; workers_start sets it too. Until
 * it is set, a claimed job is put back for later rather than lost. */
void workers_set_kinds(const struct job_kind *kinds);

int  workers_start(int n, const struct job_kind *kinds);
void workers_stop(void);
void workers_wake(void);

/* Runs one claimed job through its handler and records the outcome. */
void job_run(db_t *db, struct job *j);
/* Runs due jobs on the calling thread until none is due; returns how many
 * ran (the CLI and tests). */
int workers_drain(db_t *db);

/* Whether deliveries are arriving now: one was handed over or a batch
 * committed within the last WORKERS_BUSY_MS (channels/ingest.c tells).
 * The workers then leave the CPU to the handlers acknowledging them. */
#define WORKERS_BUSY_MS 50
void workers_note_delivery(void);
int  workers_deliveries_arriving(void);

#endif
