/* driver: the interface each database driver (sqlite.c, pg.c) implements;
 * db.c holds the shared parts (type-letter binding, shorthands, per-thread
 * connections). Not used outside src/db/. */
#ifndef BALAI_DB_DRIVER_H
#define BALAI_DB_DRIVER_H
#include "db/db.h"

struct db_driver {
    enum db_kind kind;
    int  (*open)(const char *url, db_t **out, char *err, size_t errlen);
    void (*close)(db_t *db);
    const char *(*errmsg)(db_t *db);
    int  (*exec_script)(db_t *db, const char *sql);
    int  (*xact_lock)(db_t *db, const char *key);
    db_stmt *(*prepare)(db_t *db, const char *sql);   /* cached; reset, unbound */
    int  (*bind_text)(db_stmt *st, int idx, const char *s);   /* 1-based */
    int  (*bind_int)(db_stmt *st, int idx, int64_t v);
    int  (*bind_null)(db_stmt *st, int idx);
    int  (*step)(db_stmt *st);
    int  (*ncols)(db_stmt *st);
    const char *(*col_text)(db_stmt *st, int col);
    int64_t (*col_int)(db_stmt *st, int col);
    int  (*col_null)(db_stmt *st, int col);
    int64_t (*changes)(db_stmt *st);       /* rows changed by the last step */
    void (*done)(db_stmt *st);             /* reset for reuse; keeps it cached */
    /* PostgreSQL only (NULL for SQLite): LISTEN/NOTIFY for src/live/ */
    int  (*listen)(db_t *db, const char *channel);
    int  (*socket)(db_t *db);
    int  (*notification)(db_t *db, char **payload);
};

/* A callback waiting for the end of the current transaction (db_after_commit). */
struct db_hook {
    void (*fn)(void *arg);
    void (*drop)(void *arg);
    void *arg;
    struct db_hook *next;
};

/* Every db_t starts with this header so db.c can dispatch. */
struct db {
    const struct db_driver *drv;
    int in_tx;                      /* between db_begin and commit/rollback */
    int write_first;                /* SQLite: goes first at the write gate */
    struct db_hook *hooks, **hooks_tail;
};

/* Every statement a driver hands out starts with this header (first member). */
struct db_stmt {
    db_t *db;
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

#endif
