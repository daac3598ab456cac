/* demo_db: a throw-away SQLite file with every migration and the demo
 * offices, for unit tests that need stores (test_inbound, test_notify,
 * test_pickup). Header-only: each test is one .c file (Makefile). */
#ifndef BALAI_TEST_DEMO_DB_H
#define BALAI_TEST_DEMO_DB_H
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "db/migrate.h"
#include "db/seed.h"

/* path: a mkstemp template ("/tmp/balai-x-XXXXXX"), filled in. NULL on
 * failure. */
static inline db_t *demo_db_open(char *path)
{
    char err[256];
    db_t *db = NULL;
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    close(fd);
    if (db_open(path, &db, err, sizeof err) != 0) return NULL;
    if (migrate_up(db, err, sizeof err) < 0 || seed_demo(db, err, sizeof err) < 0) {
        fprintf(stderr, "demo_db_open: %s\n", err);
        db_close(db);
        return NULL;
    }
    return db;
}

/* Closes the database and removes the file with its WAL and shared memory. */
static inline void demo_db_remove(db_t *db, const char *path)
{
    db_close(db);
    char f[300];
    unlink(path);
    snprintf(f, sizeof f, "%s-wal", path);
    unlink(f);
    snprintf(f, sizeof f, "%s-shm", path);
    unlink(f);
}

#endif
