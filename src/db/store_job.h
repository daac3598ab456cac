/* store_job: the durable job queue, one table (`job`, migration 003) on both
 * databases. Work that must survive a restart goes here: processing an
 * inbound message, sending a reply, downloading media; later scheduled
 * posts, surveys and retention. A job is claimed for a lease; a worker
 * that dies loses the lease and the job comes back. Failed attempts are
 * retried with exponential back-off until max_attempts, then the job is
 * kept as 'dead' with its last error for staff to see.
 *
 * On PostgreSQL claims use FOR UPDATE SKIP LOCKED so many instances share
 * one queue; on SQLite the single writer lock does the same. */
#ifndef BALAI_STORE_JOB_H
#define BALAI_STORE_JOB_H
#include <stdint.h>
#include "db/db.h"

struct job {
    int64_t id, office_id, ref_id;
    char kind[24];
    char *payload;              /* malloc'd JSON text */
    int attempts, max_attempts; /* attempts counts this one */
};

#define JOB_LEASE_MS 60000

int64_t now_ms(void);

/* Adds a job that may run from `run_at_ms` (0: now). Call inside the
 * transaction that creates the work, so the two commit together. */
int job_add(db_t *db, const char *kind, int64_t office_id, int64_t ref_id, const char *payload,
            int64_t run_at_ms);

/* Claims the next due job. Returns DB_ROW with *j filled (free with
 * job_free), DB_DONE when none is due, <0 on error. */
int job_claim(db_t *db, struct job *j);
void job_free(struct job *j);

/* Inside the caller's transaction, the next due ready job of `kind`, for
 * a handler that does several in one go (channels/inbound.c). Nothing is
 * marked: the caller deletes it with job_done in the same transaction,
 * and a rollback leaves it queued. On PostgreSQL the row stays locked
 * (SKIP LOCKED) until the transaction ends. DB_ROW, DB_DONE or <0. */
int job_take_next(db_t *db, const char *kind, int64_t *job_id, int64_t *ref_id);

int job_done(db_t *db, const struct job *j);
/* Schedules another attempt after `delay_ms`, or marks the job dead when it
 * has used its attempts. Returns 1 when it will run again, 0 when dead. */
int job_retry(db_t *db, const struct job *j, int64_t delay_ms, const char *error);
int job_dead(db_t *db, const struct job *j, const char *error);

/* Puts a claimed job back to run at `run_at_ms` without counting the
 * attempt: it did not run, it waits for another (channels/send.c). */
int job_wait(db_t *db, const struct job *j, int64_t run_at_ms);

/* Whether an outbound message of conversation `conversation_id` queued
 * before message `message_id` still has a send job ready or running:
 * 1 with the earliest such job's *run_at_ms (0 while it runs), 0 when
 * none (a dead job or a failed message no longer holds anything up), <0
 * on error. */
int job_send_ahead(db_t *db, int64_t conversation_id, int64_t message_id, int64_t *run_at_ms);

/* The back-off for attempt n (1-based): 1 s, 2 s, 4 s ... capped at 1 h,
 * with up to 25 % jitter so retries from many offices do not align. */
int64_t job_backoff_ms(int attempt);

/* Earliest run_at of a ready job (ms), or 0 when the queue is empty. */
int64_t job_next_due(db_t *db);

#endif
