/* serve: see serve.h. Each start-up step raises `up`; one stop function
 * takes down, in the shut-down order, what was started. */
#include "serve.h"
#include "channels/botenv.h"
#include "channels/http_client.h"
#include "db/db.h"
#include "http/cache.h"
#include "http/client_addr.h"
#include "http/guard.h"
#include "http/server.h"
#include "channels/ingest.h"
#include "channels/job_kinds.h"
#include "jobs/worker.h"
#include "live/live.h"
#include "http/page.h"
#include "util/log.h"
#include "web/web.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

/* How far start-up went. */
enum up { UP_PAGES = 1, UP_JOBS, UP_LIVE, UP_GUARD, UP_DAEMON };

/* Stops what start-up reached, so that every waiting request gets its
 * answer: the event streams end first (the daemon stops only without
 * suspended connections), logins waiting for a hasher and webhooks waiting
 * for their commit are answered, then the daemon stops and the rest. */
static void stop(enum up up, struct server *srv)
{
    if (up >= UP_LIVE) live_stop();
    if (up >= UP_GUARD) web_login_stop();
    if (up >= UP_JOBS) ingest_stop();
    struct ingest_stats st = {0};
    if (up >= UP_DAEMON) ingest_stats(&st);
    if (st.events)
        log_info("webhook: %llu kiriman disimpan dalam %llu commit, %llu pesan baru",
                 (unsigned long long)st.events, (unsigned long long)st.batches,
                 (unsigned long long)st.fresh);
    server_stop(srv);
    if (up >= UP_GUARD) guard_stop();
    if (up >= UP_JOBS) {
        workers_stop();
        hc_cleanup();
    }
    page_shutdown();
    cache_clear();
    db_thread_shutdown();
}

/* The job queue, the durable inbox, the live hub, the connection guard and
 * the login hashers, in that order; *up says how far it went. 0 or -1. */
static int start_services(const struct serve_opts *o, enum up *up)
{
    char base[128];
    snprintf(base, sizeof base, "http://%s", o->listen);
    botenv_set_base_url(base);
    /* the durable inbox and the queue run before the first webhook can come */
    *up = UP_JOBS;
    if (hc_init() != 0 || ingest_start() != 0 || workers_start(o->workers ? o->workers : 2, job_kinds) != 0) {
        fprintf(stderr, "balai: antrean pekerjaan tidak dapat dimulai\n");
        return -1;
    }
    *up = UP_LIVE;
    if (live_start(o->db_url) != 0) {
        fprintf(stderr, "balai: pembaruan langsung kotak masuk tidak dapat dimulai "
                        "(LISTEN ke PostgreSQL gagal)\n");
        return -1;
    }
    /* every open inbox page holds a connection (src/live/): allow as many
     * descriptors as the system lets this process have */
    struct rlimit fds;
    if (getrlimit(RLIMIT_NOFILE, &fds) == 0 && fds.rlim_cur < fds.rlim_max) {
        fds.rlim_cur = fds.rlim_max;
        setrlimit(RLIMIT_NOFILE, &fds);
    }
    *up = UP_GUARD;
    if (guard_start(o->per_address, o->header_timeout) != 0 || web_login_start() != 0) {
        fprintf(stderr, "balai: penjaga koneksi tidak dapat dimulai\n");
        return -1;
    }
    return 0;
}

int serve_run(const struct serve_opts *o)
{
    struct server srv = {.threads = o->threads};
    if (server_listen_parse(&srv, o->listen) != 0) {
        fprintf(stderr, "balai: alamat --listen tidak valid: \"%s\" (contoh: 127.0.0.1:8080)\n",
                o->listen);
        return 2;
    }
    /* SIGINT/SIGTERM are taken by this thread alone, with sigwait below:
     * blocked before any thread starts, so none of the pool, queue or ingest
     * threads can swallow them (a handler running on another thread would
     * never wake a main thread sleeping in pause()) */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    if (client_addr_trust(o->trusted_proxy) != 0) {
        fprintf(stderr, "balai: --trusted-proxy berisi alamat IP yang tidak valid: \"%s\" "
                        "(contoh: 127.0.0.1 atau 10.0.0.5,::1)\n", o->trusted_proxy);
        return 2;
    }
    if (page_init() != 0) return 1;
    db_thread_init(o->db_url);
    enum up up = UP_PAGES;
    if (start_services(o, &up) != 0) {
        stop(up, &srv);
        return 1;
    }
    if (server_start(&srv) != 0) {
        fprintf(stderr, "balai: tidak dapat mendengarkan di %s: %s\n", o->listen,
                errno ? strerror(errno) : "alamat sudah dipakai?");
        stop(up, &srv);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    printf("Balai berjalan di http://%s\n", o->listen);
    fflush(stdout);
    int sig;
    sigwait(&stop_signals, &sig);
    log_info("berhenti");
    stop(UP_DAEMON, &srv);
    return 0;
}
