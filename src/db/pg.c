/* pg: the PostgreSQL driver behind db.h, over libpq.
 *
 * SQL arrives with SQLite's `?` placeholders so the same literal serves both
 * drivers; we rewrite them to $1..$n once and keep a server-side prepared
 * statement per literal (cached by its address), because parsing and
 * planning on every call would cost more than the queries themselves.
 * Parameters and results travel as text: every value Balai stores has a
 * natural text form, and it spares us the binary formats of each type.
 * A broken connection is reset at the next prepare; statements are then
 * prepared again lazily, since the server forgot them with the session. */
#include "db/driver.h"
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXP 32

struct pg_stmt {
    struct db_stmt base;    /* first: db.c dispatches through base.db */
    const char *key;        /* cache key: the caller's literal */
    char *sql;              /* rewritten with $n */
    char name[16];
    unsigned gen;           /* connection generation it was prepared in */
    int nparams;
    ptrdiff_t off[MAXP];    /* bound values as offsets into buf; -1 is NULL */
    char *buf;              /* offsets, not pointers, survive realloc */
    size_t len, cap;
    PGresult *res;
    int row, nrows, rc;     /* rc: outcome of the execution, once run */
    int ran;
    int64_t changes;
};

struct pg_db {
    struct db base;
    PGconn *conn;
    char err[512];
    struct pg_stmt **tab;   /* open-addressing hash on the SQL pointer */
    size_t cap, n;
    unsigned gen, seq;
};

static const char LOCK_SQL[] = "SELECT pg_advisory_xact_lock(?)";

/* libpq messages span lines (DETAIL, HINT, a caret under the SQL); the
 * log wants one line, so each line break and its indent become one space. */
static void set_err(struct pg_db *d, const char *what, const char *msg)
{
    char tmp[sizeof d->err];
    snprintf(tmp, sizeof tmp, "%s: %s", what, msg && *msg ? msg : "(tanpa pesan)");
    size_t j = 0;
    for (const char *p = tmp; *p; p++) {
        if (*p != '\n') { d->err[j++] = *p; continue; }
        while (p[1] == ' ' || p[1] == '\t' || p[1] == '\n') p++;
        if (p[1]) d->err[j++] = ' ';
    }
    d->err[j] = 0;
}

/* Integrity violations (class 23) are the caller's business, e.g. a taken
 * slug; everything else is a fault. */
static int map_err(const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    return state && state[0] == '2' && state[1] == '3' ? DB_CONFLICT : DB_ERR;
}

/* Session settings every connection needs: warnings only (NOTICEs about
 * IF NOT EXISTS would flood the log) and UTC so timestamps read the same
 * from every server. Run again after a reset. */
static int setup(struct pg_db *d)
{
    PGresult *r = PQexec(d->conn, "SET client_min_messages TO warning; SET TIME ZONE 'UTC'");
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) set_err(d, "gagal menyiapkan sesi PostgreSQL", PQerrorMessage(d->conn));
    PQclear(r);
    return ok ? DB_DONE : DB_ERR;
}

static int pg_open(const char *url, db_t **out, char *err, size_t errlen)
{
    struct pg_db *d = calloc(1, sizeof *d);
    if (!d) { snprintf(err, errlen, "kehabisan memori"); return DB_ERR; }
    d->base.drv = &db_pg_driver;
    d->conn = PQconnectdb(url);
    if (!d->conn || PQstatus(d->conn) != CONNECTION_OK || setup(d) != DB_DONE) {
        /* Not the URL itself: it may hold a password. */
        set_err(d, "tidak dapat terhubung ke PostgreSQL",
                d->conn ? PQerrorMessage(d->conn) : "kehabisan memori");
        snprintf(err, errlen, "%s", d->err);
        PQfinish(d->conn);
        free(d);
        return DB_ERR;
    }
    *out = &d->base;
    return DB_DONE;
}

static void free_stmt(struct pg_stmt *s)
{
    PQclear(s->res);
    free(s->sql);
    free(s->buf);
    free(s);
}

static void pg_close(db_t *db)
{
    struct pg_db *d = (struct pg_db *)db;
    for (size_t i = 0; i < d->cap; i++)
        if (d->tab[i]) free_stmt(d->tab[i]);
    free(d->tab);
    PQfinish(d->conn);
    free(d);
}

static const char *pg_errmsg(db_t *db) { return ((struct pg_db *)db)->err; }

static int pg_exec_script(db_t *db, const char *sql)
{
    struct pg_db *d = (struct pg_db *)db;
    PGresult *r = PQexec(d->conn, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = DB_DONE;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
        rc = map_err(r);
        set_err(d, "skrip SQL gagal", r ? PQresultErrorMessage(r) : PQerrorMessage(d->conn));
    }
    PQclear(r);
    return rc;
}

static int ident(char c)
{
    return c == '_' || ((c | 32) >= 'a' && (c | 32) <= 'z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

/* `?` → `$n`, leaving alone what sits inside '...' (also E'...' with
 * backslash escapes), "...", $tag$...$tag$, -- and nested block comments.
 * Returns the count, or -1 past MAXP. `out` holds 3*strlen(in)+1 bytes,
 * enough since "$32" is the longest replacement. */
static int rewrite(const char *in, char *out)
{
    int n = 0;
    char *o = out;
    const char *p = in;
    while (*p) {
        char c = *p;
        if (c == '?') {
            if (++n > MAXP) return -1;
            o += snprintf(o, 4, "$%d", n);
            p++;
        } else if (c == '\'' || c == '"') {
            int esc = c == '\'' && p > in && (p[-1] | 32) == 'e' &&
                      (p - 1 == in || !ident(p[-2]));
            *o++ = *p++;
            while (*p && *p != c) {
                if (esc && *p == '\\' && p[1]) *o++ = *p++;
                *o++ = *p++;
            }
            if (*p) *o++ = *p++;        /* a doubled quote reopens: fine */
        } else if (c == '-' && p[1] == '-') {
            while (*p && *p != '\n') *o++ = *p++;
        } else if (c == '/' && p[1] == '*') {
            int depth = 0;
            do {
                if (p[0] == '/' && p[1] == '*') { depth++; *o++ = *p++; }
                else if (p[0] == '*' && p[1] == '/') { depth--; *o++ = *p++; }
                *o++ = *p++;
            } while (*p && depth > 0);
        } else if (c == '$' && (p == in || !ident(p[-1]))) {
            /* Dollar quote $tag$...$tag$; the tag cannot start with a digit,
             * which keeps $1 (already numbered) out of it. */
            const char *t = p + 1;
            while (ident(*t) && !(t == p + 1 && *t >= '0' && *t <= '9')) t++;
            if (*t != '$') { *o++ = *p++; continue; }
            size_t tl = (size_t)(t - p) + 1;
            const char *end = t + 1;
            while (*end && strncmp(end, p, tl) != 0) end++;
            if (*end) end += tl;
            memcpy(o, p, (size_t)(end - p));
            o += end - p;
            p = end;
        } else {
            *o++ = *p++;
        }
    }
    *o = 0;
    return n;
}

static size_t slot(const struct pg_db *d, const char *key)
{
    uint64_t h = (uint64_t)(uintptr_t)key * 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h >> 32) & (d->cap - 1);
    while (d->tab[i] && d->tab[i]->key != key) i = (i + 1) & (d->cap - 1);
    return i;
}

static int insert(struct pg_db *d, struct pg_stmt *s)
{
    if ((d->n + 1) * 2 > d->cap) {      /* keep load under one half */
        size_t ocap = d->cap, ncap = ocap ? ocap * 2 : 64;
        struct pg_stmt **old = d->tab, **t = calloc(ncap, sizeof *t);
        if (!t) return DB_ERR;
        d->tab = t;
        d->cap = ncap;
        for (size_t i = 0; i < ocap; i++)
            if (old[i]) d->tab[slot(d, old[i]->key)] = old[i];
        free(old);
    }
    d->tab[slot(d, s->key)] = s;
    d->n++;
    return DB_DONE;
}

static void reset_stmt(struct pg_stmt *s)
{
    PQclear(s->res);
    s->res = NULL;
    s->row = -1;
    s->nrows = s->ran = s->rc = 0;
    s->len = 0;
    if (s->cap > 65536) {       /* one big upload should not stay pinned */
        free(s->buf);
        s->buf = NULL;
        s->cap = 0;
    }
    for (int i = 0; i < MAXP; i++) s->off[i] = -1;
}

/* Server-side prepare, first use or first use since a reset. */
static int server_prepare(struct pg_db *d, struct pg_stmt *s)
{
    PGresult *r = PQprepare(d->conn, s->name, s->sql, s->nparams, NULL);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (ok) s->gen = d->gen;
    else set_err(d, "SQL tidak dapat disiapkan", r ? PQresultErrorMessage(r) : PQerrorMessage(d->conn));
    PQclear(r);
    return ok ? DB_DONE : DB_ERR;
}

static db_stmt *pg_prepare(db_t *db, const char *sql)
{
    struct pg_db *d = (struct pg_db *)db;
    if (PQstatus(d->conn) != CONNECTION_OK) {
        /* The server restarted or the network dropped: try once, and make
         * every cached statement prepare itself again. */
        PQreset(d->conn);
        if (PQstatus(d->conn) != CONNECTION_OK) {
            set_err(d, "koneksi PostgreSQL terputus", PQerrorMessage(d->conn));
            return NULL;
        }
        d->gen++;
        if (setup(d) != DB_DONE) return NULL;
    }
    struct pg_stmt *s = d->cap ? d->tab[slot(d, sql)] : NULL;
    if (s) {
        reset_stmt(s);
        if (s->gen != d->gen && server_prepare(d, s) != DB_DONE) return NULL;
        return &s->base;
    }
    s = calloc(1, sizeof *s);
    size_t len = strlen(sql);
    if (!s || !(s->sql = malloc(3 * len + 1))) {
        free(s);
        snprintf(d->err, sizeof d->err, "kehabisan memori");
        return NULL;
    }
    s->base.db = db;
    s->key = sql;
    s->nparams = rewrite(sql, s->sql);
    snprintf(s->name, sizeof s->name, "b%u", ++d->seq);
    reset_stmt(s);
    if (s->nparams < 0) {
        snprintf(d->err, sizeof d->err, "SQL memuat lebih dari %d parameter", MAXP);
        free_stmt(s);
        return NULL;
    }
    if (server_prepare(d, s) != DB_DONE) { free_stmt(s); return NULL; }
    if (insert(d, s) != DB_DONE) {
        snprintf(d->err, sizeof d->err, "kehabisan memori");
        free_stmt(s);   /* the server keeps the name; it is never reused */
        return NULL;
    }
    return &s->base;
}

static int bad_index(struct pg_stmt *s, int idx)
{
    struct pg_db *d = (struct pg_db *)s->base.db;
    if (idx >= 1 && idx <= s->nparams) return 0;
    snprintf(d->err, sizeof d->err, "parameter %d di luar 1..%d", idx, s->nparams);
    return 1;
}

/* Copies the value: the caller's buffer may be gone by the time of step. */
static int put(struct pg_stmt *s, int idx, const char *v, size_t l)
{
    struct pg_db *d = (struct pg_db *)s->base.db;
    if (bad_index(s, idx)) return DB_ERR;
    if (s->len + l + 1 > s->cap) {
        size_t ncap = s->cap ? s->cap : 256;
        while (ncap < s->len + l + 1) ncap *= 2;
        char *b = realloc(s->buf, ncap);
        if (!b) { snprintf(d->err, sizeof d->err, "kehabisan memori"); return DB_ERR; }
        s->buf = b;
        s->cap = ncap;
    }
    memcpy(s->buf + s->len, v, l);
    s->buf[s->len + l] = 0;
    s->off[idx - 1] = (ptrdiff_t)s->len;
    s->len += l + 1;
    return DB_DONE;
}

static int pg_bind_null(db_stmt *st, int idx)
{
    struct pg_stmt *s = (struct pg_stmt *)st;
    if (bad_index(s, idx)) return DB_ERR;
    s->off[idx - 1] = -1;
    return DB_DONE;
}

static int pg_bind_text(db_stmt *st, int idx, const char *v)
{
    return v ? put((struct pg_stmt *)st, idx, v, strlen(v)) : pg_bind_null(st, idx);
}

static int pg_bind_int(db_stmt *st, int idx, int64_t v)
{
    char num[24];
    int l = snprintf(num, sizeof num, "%lld", (long long)v);
    return put((struct pg_stmt *)st, idx, num, (size_t)l);
}

static int execute(struct pg_stmt *s)
{
    struct pg_db *d = (struct pg_db *)s->base.db;
    const char *vals[MAXP];
    for (int i = 0; i < s->nparams; i++) vals[i] = s->off[i] < 0 ? NULL : s->buf + s->off[i];
    s->ran = 1;
    s->res = PQexecPrepared(d->conn, s->name, s->nparams, vals, NULL, NULL, 0);
    const char *ct;
    switch (PQresultStatus(s->res)) {
    case PGRES_TUPLES_OK:
        s->nrows = PQntuples(s->res);
        /* fallthrough */
    case PGRES_COMMAND_OK:
        ct = PQcmdTuples(s->res);
        s->changes = *ct ? strtoll(ct, NULL, 10) : 0;
        return s->rc = DB_DONE;
    case PGRES_EMPTY_QUERY:
        s->changes = 0;
        return s->rc = DB_DONE;
    default:
        set_err(d, "SQL gagal", s->res ? PQresultErrorMessage(s->res) : PQerrorMessage(d->conn));
        s->rc = map_err(s->res);
        PQclear(s->res);
        s->res = NULL;
        return s->rc;
    }
}

static int pg_step(db_stmt *st)
{
    struct pg_stmt *s = (struct pg_stmt *)st;
    if (!s->ran && execute(s) != DB_DONE) return s->rc;
    if (s->rc != DB_DONE) return s->rc;
    if (s->row < s->nrows) s->row++;
    return s->row < s->nrows ? DB_ROW : DB_DONE;
}

static int pg_ncols(db_stmt *st)
{
    struct pg_stmt *s = (struct pg_stmt *)st;
    return s->res ? PQnfields(s->res) : 0;
}

static int pg_col_null(db_stmt *st, int col)
{
    struct pg_stmt *s = (struct pg_stmt *)st;
    return !s->res || s->row < 0 || s->row >= s->nrows || col < 0 ||
           col >= PQnfields(s->res) || PQgetisnull(s->res, s->row, col);
}

static const char *pg_col_text(db_stmt *st, int col)
{
    struct pg_stmt *s = (struct pg_stmt *)st;
    return pg_col_null(st, col) ? NULL : PQgetvalue(s->res, s->row, col);
}

/* Booleans come back as "t"/"f"; SQLite would give 1/0 for the same SQL. */
static int64_t pg_col_int(db_stmt *st, int col)
{
    const char *v = pg_col_text(st, col);
    if (!v) return 0;
    if (v[0] == 't' && !v[1]) return 1;
    return strtoll(v, NULL, 10);
}

static int64_t pg_changes(db_stmt *st) { return ((struct pg_stmt *)st)->changes; }

static void pg_done(db_stmt *st)
{
    if (st) reset_stmt((struct pg_stmt *)st);
}

/* FNV-1a: stable across processes and builds, unlike pointer hashes, so two
 * servers on one database agree on the lock number for a name. */
static int pg_xact_lock(db_t *db, const char *key)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 0x100000001b3ull;
    }
    db_stmt *st = pg_prepare(db, LOCK_SQL);
    if (!st) return DB_ERR;
    int rc = pg_bind_int(st, 1, (int64_t)h);
    if (rc == DB_DONE) rc = pg_step(st);
    pg_done(st);
    return rc == DB_ROW ? DB_DONE : rc == DB_DONE ? DB_ERR : rc;
}

/* LISTEN takes an identifier, which cannot be a bound parameter: libpq
 * quotes it, and the caller's name is a constant of src/live/ anyway. */
static int pg_listen(db_t *db, const char *channel)
{
    struct pg_db *d = (struct pg_db *)db;
    char *id = PQescapeIdentifier(d->conn, channel, strlen(channel));
    if (!id) {
        set_err(d, "LISTEN gagal", PQerrorMessage(d->conn));
        return DB_ERR;
    }
    char sql[160];
    snprintf(sql, sizeof sql, "LISTEN %s", id);
    PQfreemem(id);
    return pg_exec_script(db, sql);
}

static int pg_socket(db_t *db)
{
    return PQsocket(((struct pg_db *)db)->conn);
}

static int pg_notification(db_t *db, char **payload)
{
    struct pg_db *d = (struct pg_db *)db;
    PGnotify *n = PQnotifies(d->conn);     /* one read earlier may have brought several */
    if (!n) {
        if (!PQconsumeInput(d->conn) || PQstatus(d->conn) != CONNECTION_OK) {
            set_err(d, "koneksi LISTEN terputus", PQerrorMessage(d->conn));
            return DB_ERR;
        }
        n = PQnotifies(d->conn);
    }
    if (!n) return 0;
    *payload = strdup(n->extra);
    PQfreemem(n);
    return *payload ? 1 : DB_ERR;
}

const struct db_driver db_pg_driver = {
    .kind = DB_PG,
    .open = pg_open,
    .close = pg_close,
    .errmsg = pg_errmsg,
    .exec_script = pg_exec_script,
    .xact_lock = pg_xact_lock,
    .prepare = pg_prepare,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .ncols = pg_ncols,
    .col_text = pg_col_text,
    .col_int = pg_col_int,
    .col_null = pg_col_null,
    .changes = pg_changes,
    .done = pg_done,
    .listen = pg_listen,
    .socket = pg_socket,
    .notification = pg_notification,
};
