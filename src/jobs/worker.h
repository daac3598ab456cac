/* worker: the threads of `balai serve` that run the job queue. Each claims
 * a due job, runs the handler for its kind, and records the outcome
 * (done, retry after a back-off, or dead). Woken at once when new work is
 * committed in this process; otherwise they look every second, which also
 * picks up work other instances added (PostgreSQL). */
#ifndef BALAI_WORKER_H
#define BALAI_WORKER_H
#include <stdint.h>
#include "db/db.h"
#include "jobs/queue.h"

enum job_verdict { JOB_DONE = 0, JOB_RETRY, JOB_DEAD };

struct job_result {
    enum job_verdict verdict;
    int64_t delay_ms;           /* JOB_RETRY: 0 = the usual back-off */
    char error[512];            /* shown to staff (Bahasa Indonesia) */
};

typedef void (*job_fn)(db_t *db, const struct job *j, struct job_result *res);

int  workers_start(int n);
void workers_stop(void);
void workers_wake(void);

/* Runs one claimed job through its handler and records the outcome. */
void job_run(db_t *db, struct job *j);
/* Runs due jobs on the calling thread until none is due; returns how many
 * ran (the CLI and tests). */
int workers_drain(db_t *db);

#endif
