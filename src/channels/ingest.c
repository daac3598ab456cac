/* ingest: see ingest.h. */
#include "channels/ingest.h"
#include "db/store_chat.h"
#include "db/store_job.h"
#include "jobs/worker.h"
#include "util/log.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pending {
    struct event_list ev;
    ingest_done_fn done;
    void *arg;
    struct pending *next;
};

static pthread_mutex_t ingest_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ingest_cv = PTHREAD_COND_INITIALIZER;
static struct {
    struct pending *head, *tail;
    int running, stopping;
    pthread_t thread;
    struct ingest_stats stats;
} I;

int ingest_store_message(db_t *db, const struct event *e, int64_t now, int with_job,
                         int64_t *out_id)
{
    struct chat_in m = {
        .office_id = e->office_id, .channel = e->channel, .external_id = e->external_id,
        .sender = e->sender, .sender_name = e->sender_name, .kind = e->kind,
        .body = e->body ? e->body : "", .payload = e->payload ? e->payload : "{}",
        .sensitive = e->sensitive, .sent_at = e->at ? e->at : now, .now = now,
    };
    int64_t id = 0;
    int rc = chat_message_in(db, &m, &id);
    if (rc == DB_DONE) return 0;                 /* a redelivery: stored before */
    if (rc != DB_ROW) return -1;
    if (out_id) *out_id = id;
    if (with_job && job_add(db, "inbound", e->office_id, id, NULL, 0) != 0) return -1;
    return 1;
}

static int store_receipt(db_t *db, const struct event *e, int64_t now)
{
    return chat_receipt_add(db, e->channel, e->external_id, e->status, e->error_code,
                            e->error_text, status_rank(e->status), e->at ? e->at : now, now);
}

int ingest_store(db_t *db, const struct event_list *l, int64_t now)
{
    int fresh = 0;
    for (size_t i = 0; i < l->n; i++) {
        const struct event *e = &l->v[i];
        int rc;
        if (e->type == EV_MESSAGE) {
            if (!e->office_id) continue;        /* not routed to an office */
            rc = ingest_store_message(db, e, now, 1, NULL);
            if (rc > 0) fresh++;
        } else {
            rc = store_receipt(db, e, now);
        }
        if (rc < 0) return -1;
    }
    return fresh;
}

static void finish(struct pending *p, int rc)
{
    while (p) {
        struct pending *next = p->next;
        p->done(p->arg, rc);
        events_free(&p->ev);
        free(p);
        p = next;
    }
}

static void *writer(void *unused)
{
    db_t *db = db_thread();
    /* durable before the 200: every commit is fsync'd (one per batch); the
     * WAL is checkpointed by the workers' connections, not on this path */
    if (db && db_kind(db) == DB_SQLITE) {
        db_durable_writer(db);
        db_write_first(db);
    }
    for (;;) {
        pthread_mutex_lock(&ingest_mu);
        while (!I.head && !I.stopping) pthread_cond_wait(&ingest_cv, &ingest_mu);
        struct pending *batch = I.head;
        I.head = I.tail = NULL;
        int stopping = I.stopping;
        pthread_mutex_unlock(&ingest_mu);
        if (!batch) {
            if (stopping) break;
            continue;
        }
        int64_t now = time(NULL);
        int rc = db ? db_begin(db) : -1, fresh = 0;
        uint64_t events = 0;
        for (struct pending *p = batch; p && rc == 0; p = p->next) {
            int n = ingest_store(db, &p->ev, now);
            if (n < 0) rc = -1;
            else fresh += n;
            events += p->ev.n;
        }
        if (rc == 0) rc = db_commit(db);
        if (rc != 0) {
            log_error("webhook tidak dapat disimpan: %s", db ? db_errmsg(db) : "tanpa basis data");
            if (db) db_rollback(db);
        }
        pthread_mutex_lock(&ingest_mu);
        I.stats.batches++;
        I.stats.events += events;
        I.stats.fresh += (uint64_t)fresh;
        pthread_mutex_unlock(&ingest_mu);
        finish(batch, rc == 0 ? 0 : -1);
        workers_note_delivery();
        if (rc == 0 && fresh) workers_wake();
    }
    return NULL;
}

int ingest_start(void)
{
    pthread_mutex_lock(&ingest_mu);
    I.stopping = 0;
    int rc = pthread_create(&I.thread, NULL, writer, NULL);
    I.running = rc == 0;
    pthread_mutex_unlock(&ingest_mu);
    return rc == 0 ? 0 : -1;
}

void ingest_stop(void)
{
    pthread_mutex_lock(&ingest_mu);
    if (!I.running) {
        pthread_mutex_unlock(&ingest_mu);
        return;
    }
    I.stopping = 1;
    pthread_cond_signal(&ingest_cv);
    pthread_mutex_unlock(&ingest_mu);
    pthread_join(I.thread, NULL);
    pthread_mutex_lock(&ingest_mu);
    I.running = 0;
    pthread_mutex_unlock(&ingest_mu);
}

int ingest_submit(struct event_list *l, ingest_done_fn done, void *arg)
{
    struct pending *p = calloc(1, sizeof *p);
    if (!p) return -1;
    pthread_mutex_lock(&ingest_mu);
    if (!I.running || I.stopping) {
        pthread_mutex_unlock(&ingest_mu);
        free(p);
        return -1;
    }
    p->ev = *l;
    memset(l, 0, sizeof *l);
    p->done = done;
    p->arg = arg;
    workers_note_delivery();   /* busy from the first delivery of a burst on */
    if (I.tail) I.tail->next = p;
    else I.head = p;
    I.tail = p;
    pthread_cond_signal(&ingest_cv);
    pthread_mutex_unlock(&ingest_mu);
    return 0;
}

void ingest_stats(struct ingest_stats *s)
{
    pthread_mutex_lock(&ingest_mu);
    *s = I.stats;
    pthread_mutex_unlock(&ingest_mu);
}
