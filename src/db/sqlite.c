/* sqlite: the embedded-database driver behind db.h.
 *
 * One file, WAL mode (readers never block the writer), foreign keys on, a busy
 * timeout so concurrent writers from other threads wait instead of failing.
 * Statements are prepared once per connection with SQLITE_PREPARE_PERSISTENT
 * and cached by the address of their SQL text (callers pass literals).
 * The file holds citizens' personal data (UU 27/2022), so it and its -wal
 * and -shm files are readable by the service account only (mode 0600). */
#include "db/driver.h"
#include "db/write_gate.h"
#include "util/dburl.h"
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct lite_stmt {
    struct db_stmt base;
    sqlite3_stmt *st;
    const char *sql;        /* cache key: the literal's address */
    int64_t changes;
    int writes;             /* takes the write lock: waits its turn (write_gate.h) */
    int writing;            /* stepped, its write not yet ended by done/reset */
};

struct lite_db {
    struct db base;
    sqlite3 *h;
    char err[512];
    struct lite_stmt **cache;   /* open-addressing hash on the SQL pointer */
    size_t cap, n;
    int turn;                   /* holds a turn at the write gate */
    int writing;                /* statements with writing set */
};

static void set_err(struct lite_db *d, const char *what)
{
    snprintf(d->err, sizeof d->err, "%s: %s", what, sqlite3_errmsg(d->h));
}

/* Waits for the write lock in short naps. SQLite's own busy timeout sleeps
 * up to 100 ms between tries, far longer than our transactions hold the
 * lock (the webhook writer's commits take a few ms), so a waiting writer
 * would lose its turn again and again. Gives up after about 10 s. */
static int on_busy(void *unused, int n)
{
    if (n > 10500) return 0;
    usleep(n < 20 ? 50 : n < 500 ? 200 : 1000);
    return 1;
}

/* Narrows path's mode to the owner if it exists with group or other bits. */
static void owner_only(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077))
        chmod(path, st.st_mode & 0700);
}

/* SQLite creates the -wal and -shm files with the database file's mode, so
 * a new database file is created 0600 here first. An existing one is never
 * opened here: closing a descriptor of a file this process has open drops
 * the POSIX locks of SQLite's connections on it, so modes change by path.
 * Files an older version left readable by others are narrowed. */
static void private_files(const char *path)
{
    if (!*path || strcmp(path, ":memory:") == 0 || strncmp(path, "file:", 5) == 0) return;
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
    char side[4096];
    owner_only(path);
    static const char *const sfx[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++)
        if ((size_t)snprintf(side, sizeof side, "%s%s", path, sfx[i]) < sizeof side)
            owner_only(side);
}

static int lite_open(const char *url, db_t **out, char *err, size_t errlen)
{
    const char *path = dburl_sqlite_path(url);
    private_files(path);
    struct lite_db *d = calloc(1, sizeof *d);
    if (!d) { snprintf(err, errlen, "kehabisan memori"); return DB_ERR; }
    d->base.drv = &db_sqlite_driver;
    if (sqlite3_open_v2(path, &d->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "tidak dapat membuka basis data SQLite \"%s\": %s", path,
                 d->h ? sqlite3_errmsg(d->h) : "kehabisan memori");
        sqlite3_close(d->h);
        free(d);
        return DB_ERR;
    }
    sqlite3_busy_handler(d->h, on_busy, NULL);
    /* synchronous=NORMAL in WAL mode keeps the file consistent on power loss
     * and loses at most the last commits, which the old PCs of kelurahan need
     * for speed; webhooks that must be durable before acknowledging use
     * FULL on the ingest writer's connection (channels/ingest.c). */
    char *msg = NULL;
    if (sqlite3_exec(d->h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", NULL, NULL, &msg)
        != SQLITE_OK) {
        snprintf(err, errlen, "tidak dapat membuka basis data SQLite \"%s\": %s", path,
                 msg ? msg : sqlite3_errmsg(d->h));
        sqlite3_free(msg);
        sqlite3_close(d->h);
        free(d);
        return DB_ERR;
    }
    *out = &d->base;
    return DB_DONE;
}

static void lite_close(db_t *db)
{
    struct lite_db *d = (struct lite_db *)db;
    if (d->turn) write_gate_leave();
    for (size_t i = 0; i < d->cap; i++) {
        if (!d->cache[i]) continue;
        sqlite3_finalize(d->cache[i]->st);
        free(d->cache[i]);
    }
    free(d->cache);
    sqlite3_close(d->h);
    free(d);
}

static const char *lite_errmsg(db_t *db) { return ((struct lite_db *)db)->err; }

static int lite_exec_script(db_t *db, const char *sql)
{
    struct lite_db *d = (struct lite_db *)db;
    char *msg = NULL;
    if (sqlite3_exec(d->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(d->err, sizeof d->err, "%s", msg ? msg : sqlite3_errmsg(d->h));
        sqlite3_free(msg);
        return DB_ERR;
    }
    return DB_DONE;
}

static int lite_xact_lock(db_t *db, const char *key) { return DB_DONE; }

static size_t slot_of(const struct lite_db *d, const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (d->cap - 1);
}

static int cache_grow(struct lite_db *d)
{
    size_t cap = d->cap ? d->cap * 2 : 64;
    struct lite_stmt **old = d->cache;
    size_t oldcap = d->cap;
    d->cache = calloc(cap, sizeof *d->cache);
    if (!d->cache) { d->cache = old; return -1; }
    d->cap = cap;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i]) continue;
        size_t j = slot_of(d, old[i]->sql);
        while (d->cache[j]) j = (j + 1) & (cap - 1);
        d->cache[j] = old[i];
    }
    free(old);
    return 0;
}

static db_stmt *lite_prepare(db_t *db, const char *sql)
{
    struct lite_db *d = (struct lite_db *)db;
    if ((d->n + 1) * 2 > d->cap && cache_grow(d) < 0) {
        snprintf(d->err, sizeof d->err, "kehabisan memori");
        return NULL;
    }
    size_t j = slot_of(d, sql);
    while (d->cache[j]) {
        if (d->cache[j]->sql == sql) return &d->cache[j]->base;
        j = (j + 1) & (d->cap - 1);
    }
    struct lite_stmt *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL) != SQLITE_OK) {
        set_err(d, "prepare");
        free(s);
        return NULL;
    }
    s->base.db = db;
    s->sql = sql;
    /* BEGIN IMMEDIATE counts as read-only to SQLite but takes the lock */
    s->writes = !sqlite3_stmt_readonly(s->st) || strncmp(sql, "BEGIN IMMEDIATE", 15) == 0;
    d->cache[j] = s;
    d->n++;
    return &s->base;
}

#define ST(x) ((struct lite_stmt *)(x))

static int bind_rc(db_stmt *st, int rc)
{
    if (rc == SQLITE_OK) return 0;
    set_err((struct lite_db *)st->db, "bind");
    return -1;
}

static int lite_bind_text(db_stmt *st, int i, const char *s)
{
    if (!s) return bind_rc(st, sqlite3_bind_null(ST(st)->st, i));
    return bind_rc(st, sqlite3_bind_text(ST(st)->st, i, s, -1, SQLITE_TRANSIENT));
}
static int lite_bind_int(db_stmt *st, int i, int64_t v)
{
    return bind_rc(st, sqlite3_bind_int64(ST(st)->st, i, v));
}
static int lite_bind_null(db_stmt *st, int i) { return bind_rc(st, sqlite3_bind_null(ST(st)->st, i)); }

/* A write ends when its statement is done and no transaction is open:
 * then the next thread may have its turn. */
static void write_ended(struct lite_db *d, struct lite_stmt *s)
{
    if (s->writing) {
        s->writing = 0;
        d->writing--;
    }
    if (d->turn && d->writing == 0 && sqlite3_get_autocommit(d->h)) {
        d->turn = 0;
        write_gate_leave();
    }
}

static int lite_step(db_stmt *st)
{
    struct lite_db *d = (struct lite_db *)st->db;
    struct lite_stmt *s = ST(st);
    if (s->writes && !s->writing) {
        if (!d->turn) d->turn = write_gate_enter(d->base.write_first);
        s->writing = 1;
        d->writing++;
    }
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW) return DB_ROW;
    write_ended(d, s);
    if (rc == SQLITE_DONE) {
        ST(st)->changes = sqlite3_changes64(d->h);
        return DB_DONE;
    }
    set_err(d, "query");
    return (rc & 0xff) == SQLITE_CONSTRAINT ? DB_CONFLICT : DB_ERR;
}

static int lite_ncols(db_stmt *st) { return sqlite3_column_count(ST(st)->st); }
static const char *lite_col_text(db_stmt *st, int c)
{
    return (const char *)sqlite3_column_text(ST(st)->st, c);
}
static int64_t lite_col_int(db_stmt *st, int c) { return sqlite3_column_int64(ST(st)->st, c); }
static int lite_col_null(db_stmt *st, int c)
{
    return sqlite3_column_type(ST(st)->st, c) == SQLITE_NULL;
}
static int64_t lite_changes(db_stmt *st) { return ST(st)->changes; }

static void lite_done(db_stmt *st)
{
    sqlite3_reset(ST(st)->st);
    sqlite3_clear_bindings(ST(st)->st);
    write_ended((struct lite_db *)st->db, ST(st));
}

const struct db_driver db_sqlite_driver = {
    .kind = DB_SQLITE,
    .open = lite_open,
    .close = lite_close,
    .errmsg = lite_errmsg,
    .exec_script = lite_exec_script,
    .xact_lock = lite_xact_lock,
    .prepare = lite_prepare,
    .bind_text = lite_bind_text,
    .bind_int = lite_bind_int,
    .bind_null = lite_bind_null,
    .step = lite_step,
    .ncols = lite_ncols,
    .col_text = lite_col_text,
    .col_int = lite_col_int,
    .col_null = lite_col_null,
    .changes = lite_changes,
    .done = lite_done,
};
