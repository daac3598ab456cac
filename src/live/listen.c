/* listen: see listen.h. */
#include "live/listen.h"
#include "live/hub.h"
#include "db/db.h"
#include "util/log.h"
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_t thread;
static int running;
static _Atomic int stop;
static char *url;

static db_t *connect_and_listen(void)
{
    db_t *db = NULL;
    char err[256];
    if (db_open(url, &db, err, sizeof err) != 0) {
        log_warn("live: koneksi LISTEN gagal: %s", err);
        return NULL;
    }
    if (db_listen(db, LIVE_CHANNEL) != 0) {
        log_warn("live: LISTEN gagal: %s", db_errmsg(db));
        db_close(db);
        return NULL;
    }
    return db;
}

static void *run(void *arg)
{
    db_t *db = arg;             /* the first connection was made by listener_start */
    int lost = 0;
    while (!stop) {
        if (!db) {
            sleep(1);
            if (stop || !(db = connect_and_listen())) continue;
            log_info("live: LISTEN tersambung kembali");
            if (lost) hub_resync();     /* what was announced meanwhile never came */
            lost = 0;
        }
        /* a short timeout only to notice stop; events wake the poll at once */
        struct pollfd p = {.fd = db_socket(db), .events = POLLIN};
        if (p.fd < 0 || poll(&p, 1, 250) < 0) {
            db_close(db);
            db = NULL;
            lost = 1;
            continue;
        }
        char *payload;
        int rc;
        while ((rc = db_notification(db, &payload)) == 1) {
            hub_deliver(payload);
            free(payload);
        }
        if (rc < 0) {
            log_warn("live: %s", db_errmsg(db));
            db_close(db);
            db = NULL;
            lost = 1;
        }
    }
    db_close(db);
    return NULL;
}

int listener_start(const char *db_url)
{
    free(url);
    url = strdup(db_url);
    stop = 0;
    /* LISTEN before the server answers its first request, so an event
     * published right after start-up is not missed */
    db_t *db = url ? connect_and_listen() : NULL;
    if (!db) return -1;
    if (pthread_create(&thread, NULL, run, db) != 0) {
        db_close(db);
        return -1;
    }
    running = 1;
    return 0;
}

void listener_stop(void)
{
    if (running) {
        stop = 1;
        pthread_join(thread, NULL);
        running = 0;
    }
    free(url);
    url = NULL;
}
