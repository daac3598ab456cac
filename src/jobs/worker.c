/* worker: see worker.h. */
#include "jobs/worker.h"
#include "jobs/escalate.h"
#include "util/log.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct job_kind *_Atomic kinds;

void workers_set_kinds(const struct job_kind *k)
{
    kinds = k;
}

void job_run(db_t *db, struct job *j)
{
    struct job_result res = {JOB_DEAD, 0, "jenis pekerjaan tidak dikenal"};
    const struct job_kind *k = kinds;
    if (!k) res = (struct job_result){JOB_RETRY, 1000, "daftar jenis pekerjaan belum dimuat"};
    for (; k && k->kind; k++)
        if (strcmp(k->kind, j->kind) == 0) {
            res.error[0] = '\0';
            res.verdict = JOB_DONE;
            k->fn(db, j, &res);
            break;
        }
    int rc;
    if (res.verdict == JOB_DONE) {
        rc = job_done(db, j);
    } else if (res.verdict == JOB_RETRY) {
        rc = job_retry(db, j, res.delay_ms ? res.delay_ms : job_backoff_ms(j->attempts),
                       res.error);
        if (rc == 0) log_warn("pekerjaan %s #%lld berhenti setelah %d percobaan: %s", j->kind,
                              (long long)j->id, j->attempts, res.error);
        rc = rc < 0 ? rc : 0;
    } else if (res.verdict == JOB_WAIT) {
        rc = job_wait(db, j, now_ms() + res.delay_ms);
    } else {
        rc = job_dead(db, j, res.error);
        log_warn("pekerjaan %s #%lld gagal: %s", j->kind, (long long)j->id, res.error);
    }
    if (rc != 0) log_error("status pekerjaan #%lld tidak tersimpan: %s", (long long)j->id,
                           db_errmsg(db));
}

/* While webhooks are arriving, a worker rests YIELD_FACTOR times as long
 * as its last job took (YIELD_MAX_MS at most) before the next. A platform
 * waits for our 200 and redelivers when it is slow, and on a 2-core PC the
 * bot's answers to a backlog would otherwise take the CPU from the
 * handlers acknowledging new deliveries (bench/webhook.sh: p50 6-14 ms
 * without this, 2-3 ms with it). The answers follow as the burst allows;
 * nothing waits when the office is quiet. */
#define YIELD_FACTOR 3
#define YIELD_MAX_MS 20

/* when a delivery last arrived or a batch was last committed (ms) */
static _Atomic int64_t last_delivery_ms;

void workers_note_delivery(void)
{
    last_delivery_ms = now_ms();
}

int workers_deliveries_arriving(void)
{
    int64_t last = last_delivery_ms;
    return last && now_ms() - last < WORKERS_BUSY_MS;
}

static void yield_to_ingest(int64_t job_us)
{
    if (!workers_deliveries_arriving()) return;
    int64_t us = job_us * YIELD_FACTOR;
    if (us > YIELD_MAX_MS * 1000) us = YIELD_MAX_MS * 1000;
    if (us > 0) usleep((useconds_t)us);
}

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Runs due jobs until none is due or, with until_ms, that time has come
 * (*more = 1: some may be left). */
static int drain(db_t *db, int64_t until_ms, int *more)
{
    int n = 0;
    struct job j;
    *more = 0;
    for (;;) {
        if (until_ms && now_ms() >= until_ms) {
            *more = 1;
            break;
        }
        int64_t start = mono_us();
        if (job_claim(db, &j) != DB_ROW) break;
        job_run(db, &j);
        job_free(&j);
        n++;
        yield_to_ingest(mono_us() - start);
    }
    return n;
}

int workers_drain(db_t *db)
{
    int more;
    return drain(db, 0, &more);
}

#define WORKERS_MAX 8

static pthread_mutex_t workers_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t workers_cv = PTHREAD_COND_INITIALIZER;
static struct {
    pthread_t threads[WORKERS_MAX];
    int n, stopping;
    uint64_t wakes;
} W;

/* Periodic sweeps run on whichever worker gets there first. */
static int64_t last_sweep_ms;

static int sweep_due(void)
{
    int64_t now = now_ms();
    pthread_mutex_lock(&workers_mu);
    int due = now - last_sweep_ms >= ESCALATE_EVERY_MS;
    if (due) last_sweep_ms = now;
    pthread_mutex_unlock(&workers_mu);
    return due;
}

static void *work(void *unused)
{
    db_t *db = db_thread();
    int64_t last_checkpoint = 0;
    for (;;) {
        pthread_mutex_lock(&workers_mu);
        int stop = W.stopping;
        uint64_t seen = W.wakes;
        pthread_mutex_unlock(&workers_mu);
        if (stop) break;
        /* a second of jobs at most, so that a long backlog (after a burst)
         * does not hold up the checkpoints and the escalation sweep */
        int more = 0;
        if (db) drain(db, now_ms() + 1000, &more);
        else db = db_thread();
        /* the ingest writer leaves WAL checkpoints to us: at most one a
         * second, also during a backlog (the WAL would grow without end) */
        if (db && db_kind(db) == DB_SQLITE && now_ms() - last_checkpoint >= 1000) {
            db_checkpoint(db);
            last_checkpoint = now_ms();
        }
        if (db && sweep_due() && escalate_sweep(db, time(NULL)) < 0)
            log_warn("eskalasi percakapan gagal: %s", db_errmsg(db));
        if (more) continue;     /* jobs are waiting: no sleep */
        /* sleep until woken, the next due job, or a second at most */
        int64_t wait_ms = 1000;
        if (db) {
            int64_t due = job_next_due(db);
            if (due) {
                int64_t d = due - now_ms();
                if (d < wait_ms) wait_ms = d < 5 ? 5 : d;
            }
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += wait_ms / 1000;
        until.tv_nsec += (wait_ms % 1000) * 1000000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_mutex_lock(&workers_mu);
        while (!W.stopping && W.wakes == seen &&
               pthread_cond_timedwait(&workers_cv, &workers_mu, &until) == 0) {}
        pthread_mutex_unlock(&workers_mu);
    }
    return NULL;
}

int workers_start(int n, const struct job_kind *k)
{
    workers_set_kinds(k);
    if (n > WORKERS_MAX) n = WORKERS_MAX;
    pthread_mutex_lock(&workers_mu);
    W.stopping = 0;
    W.n = 0;
    for (int i = 0; i < n; i++)
        if (pthread_create(&W.threads[W.n], NULL, work, NULL) == 0) W.n++;
    int ok = W.n == n;
    pthread_mutex_unlock(&workers_mu);
    return ok ? 0 : -1;
}

void workers_stop(void)
{
    pthread_mutex_lock(&workers_mu);
    W.stopping = 1;
    pthread_cond_broadcast(&workers_cv);
    int n = W.n;
    pthread_mutex_unlock(&workers_mu);
    for (int i = 0; i < n; i++) pthread_join(W.threads[i], NULL);
    W.n = 0;
}

void workers_wake(void)
{
    pthread_mutex_lock(&workers_mu);
    W.wakes++;
    pthread_cond_broadcast(&workers_cv);
    pthread_mutex_unlock(&workers_mu);
}
