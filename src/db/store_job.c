/* store_job: see store_job.h. */
#include "db/store_job.h"
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sodium.h>
#include <time.h>

int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int job_add(db_t *db, const char *kind, int64_t office_id, int64_t ref_id, const char *payload,
            int64_t run_at_ms)
{
    int64_t now = now_ms();
    return db_run(db, "INSERT INTO job (kind, office_id, ref_id, payload, run_at, created_at) "
                      "VALUES (?, ?, ?, ?, ?, ?)", "sIIsii", kind, office_id, ref_id,
                  payload ? payload : "{}", run_at_ms ? run_at_ms : now, now / 1000);
}

int job_claim(db_t *db, struct job *j)
{
    memset(j, 0, sizeof *j);
    int64_t now = now_ms();
    /* a running job whose lease ran out belongs to a worker that died */
    /* two subqueries that each walk the (state, run_at) index: one with OR
     * sorts every due job on each claim, under the write lock */
    static const char *sqlite_sql =
        "UPDATE job SET state = 'running', attempts = attempts + 1, locked_until = ? "
        "WHERE id = COALESCE((SELECT id FROM job WHERE state = 'ready' AND run_at <= ? "
        "ORDER BY run_at, id LIMIT 1), (SELECT id FROM job WHERE state = 'running' "
        "AND locked_until < ? ORDER BY locked_until LIMIT 1)) "
        "RETURNING id, kind, office_id, ref_id, payload, attempts, max_attempts";
    /* the same two index walks (with OR, PostgreSQL scanned and sorted
     * the whole table: 81 ms a claim behind a 200,000-message backlog) */
    static const char *pg_sql =
        "UPDATE job SET state = 'running', attempts = attempts + 1, locked_until = ? "
        "WHERE id = COALESCE((SELECT id FROM job WHERE state = 'ready' AND run_at <= ? "
        "ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED), (SELECT id FROM job "
        "WHERE state = 'running' AND locked_until < ? ORDER BY locked_until LIMIT 1 "
        "FOR UPDATE SKIP LOCKED)) "
        "RETURNING id, kind, office_id, ref_id, payload, attempts, max_attempts";
    db_stmt *st = db_query(db, db_kind(db) == DB_PG ? pg_sql : sqlite_sql, "iii",
                           now + JOB_LEASE_MS, now, now);
    if (!st) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        j->id = db_col_int(st, 0);
        snprintf(j->kind, sizeof j->kind, "%s", db_col_text(st, 1) ? db_col_text(st, 1) : "");
        j->office_id = db_col_int(st, 2);
        j->ref_id = db_col_int(st, 3);
        j->payload = strdup(db_col_text(st, 4) ? db_col_text(st, 4) : "{}");
        j->attempts = (int)db_col_int(st, 5);
        j->max_attempts = (int)db_col_int(st, 6);
        if (!j->payload) rc = DB_ERR;
    }
    db_done(st);
    return rc;
}

int job_take_next(db_t *db, const char *kind, int64_t *job_id, int64_t *ref_id)
{
    db_stmt *st = db_query(db, db_kind(db) == DB_PG
        ? "SELECT id, ref_id FROM job WHERE state = 'ready' AND run_at <= ? AND kind = ? "
          "ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED"
        : "SELECT id, ref_id FROM job WHERE state = 'ready' AND run_at <= ? AND kind = ? "
          "ORDER BY run_at, id LIMIT 1", "is", now_ms(), kind);
    if (!st) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW) {
        *job_id = db_col_int(st, 0);
        *ref_id = db_col_int(st, 1);
    }
    db_done(st);
    return rc;
}

void job_free(struct job *j)
{
    free(j->payload);
    j->payload = NULL;
}

int job_done(db_t *db, const struct job *j)
{
    return db_run(db, "DELETE FROM job WHERE id = ?", "i", j->id);
}

int job_dead(db_t *db, const struct job *j, const char *error)
{
    return db_run(db, "UPDATE job SET state = 'dead', locked_until = 0, last_error = ? "
                      "WHERE id = ?", "si", error ? error : "", j->id);
}

int64_t job_backoff_ms(int attempt)
{
    if (attempt < 1) attempt = 1;
    int64_t ms = attempt > 12 ? 3600000 : (int64_t)1000 << (attempt - 1);
    if (ms > 3600000) ms = 3600000;
    return ms + (int64_t)randombytes_uniform((uint32_t)(ms / 4 + 1));
}

int job_retry(db_t *db, const struct job *j, int64_t delay_ms, const char *error)
{
    if (j->attempts >= j->max_attempts) {
        job_dead(db, j, error);
        return 0;
    }
    int rc = db_run(db, "UPDATE job SET state = 'ready', locked_until = 0, run_at = ?, "
                        "last_error = ? WHERE id = ?", "isi", now_ms() + delay_ms,
                    error ? error : "", j->id);
    return rc == 0 ? 1 : rc;
}

int job_wait(db_t *db, const struct job *j, int64_t run_at_ms)
{
    return db_run(db, "UPDATE job SET state = 'ready', locked_until = 0, run_at = ?, "
                      "attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END "
                      "WHERE id = ?", "ii", run_at_ms, j->id);
}

int job_send_ahead(db_t *db, int64_t conversation_id, int64_t message_id, int64_t *run_at_ms)
{
    db_stmt *st = db_query(db,
        "SELECT CASE WHEN j.state = 'running' THEN 0 ELSE j.run_at END FROM message m "
        "JOIN job j ON j.ref_id = m.id AND j.kind = 'send' AND j.state IN ('ready', 'running') "
        "WHERE m.conversation_id = ? AND m.id < ? AND m.direction = 'out' "
        "AND m.status = 'queued' ORDER BY m.id LIMIT 1", "ii", conversation_id, message_id);
    if (!st) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW) *run_at_ms = db_col_int(st, 0);
    db_done(st);
    return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : rc;
}

int64_t job_next_due(db_t *db)
{
    int64_t v = 0;
    if (db_int(db, &v, "SELECT COALESCE(MIN(run_at), 0) FROM job WHERE state = 'ready'", "") < 0)
        return 0;
    return v;
}
