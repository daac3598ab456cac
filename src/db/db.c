/* db: the driver-independent half of the DB API (see db.h): dispatch to the
 * driver chosen by the URL, binding by type letters, shorthands, and one
 * connection per server thread. */
#include "db/driver.h"
#include "util/dburl.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct db_driver *pick(const char *url)
{
    if (dburl_is_pg(url))
        return &db_pg_driver;
    return &db_sqlite_driver;
}

int db_open(const char *url, db_t **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!url || !*url) url = "balai.db";
    return pick(url)->open(url, out, err, errlen);
}

static void hooks_end(db_t *db, int committed)
{
    struct db_hook *h = db->hooks;
    db->hooks = NULL;
    db->hooks_tail = &db->hooks;
    db->in_tx = 0;
    while (h) {
        struct db_hook *next = h->next;
        if (committed) h->fn(h->arg);
        else if (h->drop) h->drop(h->arg);
        free(h);
        h = next;
    }
}

void db_close(db_t *db)
{
    if (!db) return;
    hooks_end(db, 0);
    db->drv->close(db);
}
enum db_kind db_kind(const db_t *db) { return db->drv->kind; }
const char *db_errmsg(db_t *db) { return db->drv->errmsg(db); }
void db_write_first(db_t *db) { db->write_first = 1; }
int db_exec_script(db_t *db, const char *sql) { return db->drv->exec_script(db, sql); }
int db_xact_lock(db_t *db, const char *key) { return db->drv->xact_lock(db, key); }

int db_begin(db_t *db)
{
    int rc = db_run(db, db->drv->kind == DB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", "");
    if (rc == 0) {
        if (db->hooks) hooks_end(db, 0);    /* left by a transaction that never ended */
        db->in_tx = 1;
    }
    return rc;
}
static _Atomic uint64_t generation;

int db_commit(db_t *db)
{
    int rc = db_run(db, "COMMIT", "");
    if (rc == 0) {
        generation++;
        hooks_end(db, 1);
    }
    return rc;
}

uint64_t db_generation(void) { return generation; }

int db_rollback(db_t *db)
{
    hooks_end(db, 0);
    return db_run(db, "ROLLBACK", "");
}

int db_savepoint(db_t *db) { return db_run(db, "SAVEPOINT balai_part", ""); }
int db_savepoint_release(db_t *db) { return db_run(db, "RELEASE balai_part", ""); }

int db_savepoint_rollback(db_t *db)
{
    int rc = db_run(db, "ROLLBACK TO balai_part", "");
    int released = db_run(db, "RELEASE balai_part", "");
    return rc != 0 ? rc : released;
}

int db_durable_writer(db_t *db)
{
    if (db->drv->kind != DB_SQLITE) return 0;
    return db_exec_script(db, "PRAGMA synchronous=FULL; PRAGMA wal_autocheckpoint=0");
}

int db_checkpoint(db_t *db)
{
    if (db->drv->kind != DB_SQLITE) return 0;
    return db_exec_script(db, "PRAGMA wal_checkpoint(PASSIVE)");
}

int db_after_commit(db_t *db, void (*fn)(void *arg), void (*drop)(void *arg), void *arg)
{
    if (!db->in_tx) {
        fn(arg);
        return 0;
    }
    struct db_hook *h = malloc(sizeof *h);
    if (!h) {
        if (drop) drop(arg);
        return -1;
    }
    *h = (struct db_hook){fn, drop, arg, NULL};
    if (!db->hooks) db->hooks_tail = &db->hooks;
    *db->hooks_tail = h;
    db->hooks_tail = &h->next;
    return 0;
}

int db_listen(db_t *db, const char *channel)
{
    return db->drv->listen ? db->drv->listen(db, channel) : DB_ERR;
}

int db_socket(db_t *db)
{
    return db->drv->socket ? db->drv->socket(db) : DB_ERR;
}

int db_notification(db_t *db, char **payload)
{
    *payload = NULL;
    return db->drv->notification ? db->drv->notification(db, payload) : DB_ERR;
}

static db_stmt *vquery(db_t *db, const char *sql, const char *types, va_list ap)
{
    const struct db_driver *d = db->drv;
    db_stmt *st = d->prepare(db, sql);
    if (!st) return NULL;
    int rc = 0;
    for (int i = 0; types[i] && rc == 0; i++) {
        switch (types[i]) {
        case 's': rc = d->bind_text(st, i + 1, va_arg(ap, const char *)); break;
        case 'i': rc = d->bind_int(st, i + 1, va_arg(ap, int64_t)); break;
        case 'I': {     /* optional id: 0 binds NULL */
            int64_t v = va_arg(ap, int64_t);
            rc = v ? d->bind_int(st, i + 1, v) : d->bind_null(st, i + 1);
            break;
        }
        case 'd': rc = d->bind_int(st, i + 1, va_arg(ap, int)); break;
        case 'n': rc = d->bind_null(st, i + 1); break;
        default: rc = -1;
        }
    }
    if (rc != 0) { d->done(st); return NULL; }
    return st;
}

db_stmt *db_query(db_t *db, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    db_stmt *st = vquery(db, sql, types, ap);
    va_end(ap);
    return st;
}

int db_step(db_stmt *st) { return st ? st->db->drv->step(st) : DB_ERR; }
int db_ncols(db_stmt *st) { return st->db->drv->ncols(st); }
const char *db_col_text(db_stmt *st, int c) { return st->db->drv->col_text(st, c); }
int64_t db_col_int(db_stmt *st, int c) { return st->db->drv->col_int(st, c); }
int db_col_null(db_stmt *st, int c) { return st->db->drv->col_null(st, c); }
void db_done(db_stmt *st) { if (st) st->db->drv->done(st); }

static int vrun(db_t *db, int64_t *changes, const char *sql, const char *types, va_list ap)
{
    db_stmt *st = vquery(db, sql, types, ap);
    if (!st) return DB_ERR;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {}
    if (changes) *changes = rc == DB_DONE ? db->drv->changes(st) : 0;
    db_done(st);
    return rc;
}

int db_run(db_t *db, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = vrun(db, NULL, sql, types, ap);
    va_end(ap);
    return rc;
}

int db_run_changes(db_t *db, int64_t *changes, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = vrun(db, changes, sql, types, ap);
    va_end(ap);
    return rc;
}

int db_int(db_t *db, int64_t *out, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    db_stmt *st = vquery(db, sql, types, ap);
    va_end(ap);
    if (!st) return DB_ERR;
    int rc = db_step(st);
    if (rc == DB_ROW) *out = db_col_int(st, 0);
    db_done(st);
    return rc;
}

int db_ping(db_t *db)
{
    int64_t one = 0;
    return db_int(db, &one, "SELECT 1", "") == DB_ROW && one == 1 ? 0 : -1;
}

/* --- one connection per server thread ---------------------------------
 * libmicrohttpd runs handlers on a fixed pool of threads; giving each its
 * own connection avoids locking around every query. Connections are kept in
 * a list so the main thread can close them all at shutdown. */
static char *thread_url;
static pthread_key_t tls_key;
static pthread_once_t tls_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t list_mu = PTHREAD_MUTEX_INITIALIZER;
static db_t **conns;
static size_t nconns, capconns;

static void make_key(void) { pthread_key_create(&tls_key, NULL); }

void db_thread_init(const char *url)
{
    pthread_once(&tls_once, make_key);
    free(thread_url);
    thread_url = strdup(url);
}

db_t *db_thread(void)
{
    db_t *db = pthread_getspecific(tls_key);
    if (db) return db;
    char err[256];
    if (db_open(thread_url, &db, err, sizeof err) != 0) return NULL;
    pthread_mutex_lock(&list_mu);
    if (nconns == capconns) {
        size_t cap = capconns ? capconns * 2 : 16;
        db_t **p = realloc(conns, cap * sizeof *p);
        if (!p) { pthread_mutex_unlock(&list_mu); db_close(db); return NULL; }
        conns = p;
        capconns = cap;
    }
    conns[nconns++] = db;
    pthread_mutex_unlock(&list_mu);
    pthread_setspecific(tls_key, db);
    return db;
}

void db_thread_shutdown(void)
{
    pthread_mutex_lock(&list_mu);
    for (size_t i = 0; i < nconns; i++) db_close(conns[i]);
    free(conns);
    conns = NULL;
    nconns = capconns = 0;
    pthread_mutex_unlock(&list_mu);
    if (thread_url) pthread_setspecific(tls_key, NULL);
    free(thread_url);
    thread_url = NULL;
}
