/* migrate: see migrate.h. */
#include "db/migrate.h"
#include "util/assets.h"
#include "util/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PREFIX "src/db/migrations/"

/* version number of a base migration asset, 0 if the asset is not one
 * (dialect parts and other files return 0) */
static int base_version(const char *name)
{
    if (strncmp(name, PREFIX, sizeof PREFIX - 1) != 0) return 0;
    const char *f = name + sizeof PREFIX - 1;
    size_t n = strlen(f);
    if (n < 8 || strcmp(f + n - 4, ".sql") != 0) return 0;
    if (strstr(f, ".sqlite.sql") || strstr(f, ".pg.sql")) return 0;
    char *end;
    long v = strtol(f, &end, 10);
    return (end == f + 3 && *end == '_' && v > 0) ? (int)v : 0;
}

int migrate_latest_known(void)
{
    int max = 0;
    for (const struct asset *a = assets; a->name; a++) {
        int v = base_version(a->name);
        if (v > max) max = v;
    }
    return max;
}

static int ensure_table(db_t *db)
{
    return db_exec_script(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                              "version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                              "applied_at BIGINT NOT NULL)");
}

int migrate_current(db_t *db)
{
    int64_t v = 0;
    if (ensure_table(db) != 0) return -1;
    if (db_int(db, &v, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", "") < 0)
        return -1;
    return (int)v;
}

/* Expands the two portable macros for the driver at hand. */
static int expand(db_t *db, const char *src, struct buf *out)
{
    int pg = db_kind(db) == DB_PG;
    const char *p = src;
    while (*p) {
        if (strncmp(p, "{{ID}}", 6) == 0) {
            buf_puts(out, pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT");
            p += 6;
        } else if (strncmp(p, "{{BLOB}}", 8) == 0) {
            buf_puts(out, pg ? "BYTEA" : "BLOB");
            p += 8;
        } else {
            buf_putc(out, *p++);
        }
    }
    return out->err ? -1 : 0;
}

static int apply(db_t *db, const struct asset *a, int version, char *err, size_t errlen)
{
    char dialect[256];
    size_t n = strlen(a->name);
    snprintf(dialect, sizeof dialect, "%.*s.%s.sql", (int)(n - 4), a->name,
             db_kind(db) == DB_PG ? "pg" : "sqlite");
    const struct asset *extra = asset_find(dialect);
    struct buf sql;
    buf_init(&sql, 0);
    int rc = -1;
    if (db_begin(db) != 0) goto fail;
    if (db_xact_lock(db, "migrate") != 0) goto fail_rb;
    int64_t done = 0;
    if (db_int(db, &done, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", "d",
               version) < 0) goto fail_rb;
    if (done) { rc = db_commit(db) == 0 ? 0 : -1; goto out; }   /* another instance did it */
    if (expand(db, (const char *)a->data, &sql) != 0) goto fail_rb;
    if (extra) { buf_putc(&sql, '\n'); buf_add(&sql, extra->data, extra->len); }
    if (db_exec_script(db, buf_cstr(&sql)) != 0) goto fail_rb;
    const char *name = a->name + sizeof PREFIX - 1;
    if (db_run(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
               "dsi", version, name, (int64_t)time(NULL)) != 0) goto fail_rb;
    if (db_commit(db) != 0) goto fail;
    rc = 1;
    goto out;
fail_rb:
    snprintf(err, errlen, "migrasi %s gagal: %s", a->name + sizeof PREFIX - 1, db_errmsg(db));
    db_rollback(db);
    goto out;
fail:
    snprintf(err, errlen, "migrasi %s gagal: %s", a->name + sizeof PREFIX - 1, db_errmsg(db));
out:
    buf_free(&sql);
    return rc;
}

int migrate_up(db_t *db, char *err, size_t errlen)
{
    if (ensure_table(db) != 0) {
        snprintf(err, errlen, "tidak dapat menyiapkan tabel migrasi: %s", db_errmsg(db));
        return -1;
    }
    int cur = migrate_current(db);
    if (cur < 0) {
        snprintf(err, errlen, "tidak dapat membaca versi skema: %s", db_errmsg(db));
        return -1;
    }
    if (cur > migrate_latest_known()) {
        snprintf(err, errlen, "skema basis data (versi %d) lebih baru dari program ini "
                 "(versi %d); perbarui Balai", cur, migrate_latest_known());
        return -1;
    }
    /* every known version not yet recorded, not only those above the
     * newest: numbers are handed out to parallel work, so a migration with
     * a lower number (a gap today) may arrive after a higher one ran */
    int applied = 0;
    for (int v = 1; v <= migrate_latest_known(); v++) {
        const struct asset *found = NULL;
        for (const struct asset *a = assets; a->name; a++)
            if (base_version(a->name) == v) found = a;
        if (!found) continue;
        int64_t done = 0;
        if (db_int(db, &done, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", "d",
                   v) < 0) {
            snprintf(err, errlen, "tidak dapat membaca versi skema: %s", db_errmsg(db));
            return -1;
        }
        if (done) continue;
        int r = apply(db, found, v, err, errlen);
        if (r < 0) return -1;
        applied += r;
    }
    return applied;
}
