/* db: the one database API of Balai, over two drivers (sqlite.c, pg.c).
 *
 * Written by hand because no Debian library offers one small API over both
 * SQLite and libpq with prepared statements and the same placeholder syntax.
 *
 * SQL is written once, portably, with `?` placeholders; the PostgreSQL driver
 * rewrites them to $1..$n. SQL text is always a string literal in src/db/ and
 * never built from input (house rule 5): values go through the bind calls.
 *
 * A db_t is one connection and is NOT thread-safe: each server thread opens
 * its own (see db_thread()). Statements are prepared once per connection and
 * cached by the address of their SQL text, so pass string literals.
 *
 * Typical use:
 *     db_stmt *st = db_query(db, "SELECT id, name FROM office WHERE slug = ?", "s", slug);
 *     while (db_step(st) == DB_ROW) { ... db_col_text(st, 1) ... }
 *     db_done(st);
 */
#ifndef BALAI_DB_H
#define BALAI_DB_H
#include <stddef.h>
#include <stdint.h>

typedef struct db db_t;
typedef struct db_stmt db_stmt;

enum db_kind { DB_SQLITE = 1, DB_PG = 2 };

enum {
    DB_ROW = 1,         /* db_step: a row is available */
    DB_DONE = 0,        /* db_step: no (more) rows; also "ok" for other calls */
    DB_ERR = -1,        /* any other error; db_errmsg() says what */
    DB_CONFLICT = -2,   /* a UNIQUE or foreign-key constraint refused the change */
};

/* Opens `url`: "postgresql://..." / "postgres://..." for PostgreSQL, anything
 * else is a SQLite file path (created if missing; WAL mode, foreign keys on).
 * On failure returns DB_ERR and writes a message (Bahasa Indonesia where it
 * is shown to operators) into err. */
int  db_open(const char *url, db_t **out, char *err, size_t errlen);
void db_close(db_t *db);
enum db_kind db_kind(const db_t *db);
const char *db_errmsg(db_t *db);
/* SQLite: this connection's writes go ahead of the process's other
 * threads when they wait for the write lock (the webhook writer, whose
 * caller waits for the commit; db/write_gate.h). No-op on PostgreSQL. */
void db_write_first(db_t *db);

/* Runs a script of several ;-separated statements without parameters
 * (migrations only). */
int db_exec_script(db_t *db, const char *sql);

/* Transactions. db_begin takes the write lock at once on SQLite
 * (BEGIN IMMEDIATE) so a transaction never fails half-way on a busy lock. */
int db_begin(db_t *db);
int db_commit(db_t *db);
/* Counts the transactions committed by this process, so caches of derived
 * data (http/cache.h) know when to drop what they hold. */
uint64_t db_generation(void);
int db_rollback(db_t *db);

/* A savepoint inside the current transaction, so that one part of a batch
 * can fail alone: db_savepoint marks, db_savepoint_release keeps what was
 * done since the mark, db_savepoint_rollback undoes it (and drops the
 * mark). One level: the mark has a fixed name. 0 or <0. */
int db_savepoint(db_t *db);
int db_savepoint_release(db_t *db);
int db_savepoint_rollback(db_t *db);

/* SQLite's write-ahead log: db_durable_writer makes every commit of this
 * connection wait for fsync (synchronous=FULL) and leaves checkpoints to
 * other connections (the ingest writer answers a platform only once its
 * batch is on disk, and a checkpoint on that path would delay it);
 * db_checkpoint copies what it can of the log into the database without
 * waiting for readers (PASSIVE). Both do nothing on PostgreSQL. 0 or <0. */
int db_durable_writer(db_t *db);
int db_checkpoint(db_t *db);

/* Runs fn(arg) right after the current transaction commits, so what it
 * announces (src/live/) is already visible to every reader; on rollback
 * fn never runs and drop(arg) frees what it would have used. With no
 * transaction open the change has already committed: fn runs at once.
 * Returns 0, or -1 when out of memory (drop has then been called). */
int db_after_commit(db_t *db, void (*fn)(void *arg), void (*drop)(void *arg), void *arg);

/* PostgreSQL LISTEN/NOTIFY (src/live/listen.c). db_listen subscribes this
 * connection to `channel` (an identifier); db_socket is the descriptor to
 * poll for readability; db_notification reads what arrived and hands out
 * one payload at a time (malloc'd, caller frees): 1 with *payload set, 0
 * when none is waiting, <0 when the connection broke. All three return
 * DB_ERR on SQLite, which has one process and needs no bridge. */
int db_listen(db_t *db, const char *channel);
int db_socket(db_t *db);
int db_notification(db_t *db, char **payload);

/* Serialises writers of one kind across connections and processes until the
 * end of the current transaction (pg_advisory_xact_lock on PostgreSQL; a
 * no-op on SQLite where BEGIN IMMEDIATE already serialises). `key` names the
 * lock, e.g. "audit". */
int db_xact_lock(db_t *db, const char *key);

/* Prepares (or fetches from the cache) and binds. `types` has one letter per
 * argument: 's' const char * (NULL binds SQL NULL), 'i' int64_t, 'I' int64_t
 * where 0 binds NULL (optional ids), 'd' int, 'n' no argument, binds NULL. Returns NULL on error. */
db_stmt *db_query(db_t *db, const char *sql, const char *types, ...);

int db_step(db_stmt *st);                         /* DB_ROW, DB_DONE or <0 */
int db_ncols(db_stmt *st);
const char *db_col_text(db_stmt *st, int col);    /* 0-based; NULL for NULL */
int64_t db_col_int(db_stmt *st, int col);         /* 0 for NULL */
int db_col_null(db_stmt *st, int col);
void db_done(db_stmt *st);                        /* ends use; may be NULL */

/* Shorthand for statements without a result: query + step + done.
 * Returns DB_DONE (0) or a negative error. If `changes` is non-NULL it gets
 * the number of rows changed. */
int db_run(db_t *db, const char *sql, const char *types, ...);
int db_run_changes(db_t *db, int64_t *changes, const char *sql, const char *types, ...);

/* Shorthand for one integer from the first row (e.g. COUNT(*) or RETURNING id).
 * Returns DB_ROW with *out set, DB_DONE when there is no row, <0 on error. */
int db_int(db_t *db, int64_t *out, const char *sql, const char *types, ...);
/* 0 when the database answers a trivial query (the health check), else -1. */
int db_ping(db_t *db);

/* Per-thread connection for the server: opened on first use in each thread
 * from the URL given to db_thread_init(), closed by db_thread_shutdown(). */
void  db_thread_init(const char *url);
db_t *db_thread(void);
void  db_thread_shutdown(void);

#endif
