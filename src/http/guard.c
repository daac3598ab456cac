/* guard: see guard.h. */
#include "http/guard.h"
#include "http/client_addr.h"
#include "util/log.h"
#include "util/ratelimit.h"
#include "util/hash.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static unsigned per_address = GUARD_PER_ADDRESS, header_timeout = GUARD_HEADER_TIMEOUT;

/* ---- counts per address: a chained hash, an entry freed at zero -------- */

#define BUCKETS 1024
struct count { struct count *next; char key[RATELIMIT_KEY]; unsigned n; };
struct counts { pthread_mutex_t mu; struct count *b[BUCKETS]; };
static struct counts conns = {PTHREAD_MUTEX_INITIALIZER, {0}};
static struct counts forwarded = {PTHREAD_MUTEX_INITIALIZER, {0}};


/* Adds delta (+1 or -1) unless that would pass `cap` (0: no cap); 1 when
 * done. An IPv6 address counts with its /64, like the rate limits. */
static int count_add(struct counts *t, const char *addr, int delta, unsigned cap)
{
    char key[RATELIMIT_KEY];
    ratelimit_key(addr, key);
    struct count **pp = &t->b[hash_str(key) % BUCKETS], *c;
    int ok = 1;
    pthread_mutex_lock(&t->mu);
    while ((c = *pp) && strcmp(c->key, key) != 0) pp = &c->next;
    if (delta > 0) {
        if (!c && (c = calloc(1, sizeof *c))) {
            memcpy(c->key, key, sizeof key);
            *pp = c;
        }
        if (!c || (cap && c->n >= cap)) ok = 0;
        else c->n++;
    } else if (c && c->n > 0 && --c->n == 0) {
        *pp = c->next;
        free(c);
    }
    pthread_mutex_unlock(&t->mu);
    return ok;
}

static unsigned count_of(struct counts *t, const char *addr)
{
    char key[RATELIMIT_KEY];
    ratelimit_key(addr, key);
    unsigned n = 0;
    pthread_mutex_lock(&t->mu);
    for (struct count *c = t->b[hash_str(key) % BUCKETS]; c; c = c->next)
        if (strcmp(c->key, key) == 0) n = c->n;
    pthread_mutex_unlock(&t->mu);
    return n;
}

static void refused(const char *why, const char *addr)
{
    static struct log_quiet q = LOG_QUIET_INIT;
    unsigned long n = log_quiet_due(&q, time(NULL), 10);
    if (n) log_warn("koneksi ditolak: %s (terakhir dari %s); %lu kali sejak catatan sebelumnya",
                    why, addr, n);
}

/* ---- connections ---------------------------------------------------- */

struct conn {
    struct conn *prev, *next;
    int fd;
    int counted;                /* toward conns[addr] */
    int shut;
    int64_t deadline;           /* headers due (monotonic ms); 0: not waiting */
    char addr[CLIENT_ADDR_MAX];
};
static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;
static struct conn live = {&live, &live, -1, 0, 0, 0, ""};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum MHD_Result guard_accept(void *cls, const struct sockaddr *addr, socklen_t len)
{
    if (client_addr_trusted(addr)) return MHD_YES;
    char a[CLIENT_ADDR_MAX];
    client_addr_text(addr, a);
    /* counted when libmicrohttpd has made the connection (guard_notify), so
     * several accepting threads may let a few more in at once: no matter */
    if (count_of(&conns, a) < per_address) return MHD_YES;
    refused("terlalu banyak koneksi dari satu alamat", a);
    return MHD_NO;
}

void guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode code)
{
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        struct conn *k = calloc(1, sizeof *k);
        if (!k) return;
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        k->fd = ci ? ci->connect_fd : -1;
        ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        client_addr_text(ci ? ci->client_addr : NULL, k->addr);
        k->counted = !client_addr_trusted(ci ? ci->client_addr : NULL) &&
                     count_add(&conns, k->addr, 1, 0);
        k->deadline = mono_ms() + (int64_t)header_timeout * 1000;
        pthread_mutex_lock(&live_mu);
        k->next = live.next;
        k->prev = &live;
        live.next->prev = k;
        live.next = k;
        pthread_mutex_unlock(&live_mu);
        *socket_context = k;
        return;
    }
    struct conn *k = *socket_context;
    if (!k) return;
    /* unlinked before libmicrohttpd closes the descriptor, so the sweep
     * never shuts down a number that a new connection reuses */
    pthread_mutex_lock(&live_mu);
    k->prev->next = k->next;
    k->next->prev = k->prev;
    pthread_mutex_unlock(&live_mu);
    if (k->counted) count_add(&conns, k->addr, -1, 0);
    free(k);
    *socket_context = NULL;
}

static void set_deadline(struct MHD_Connection *c, int64_t deadline)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    struct conn *k = ci ? ci->socket_context : NULL;
    if (!k) return;
    pthread_mutex_lock(&live_mu);
    k->deadline = deadline;
    pthread_mutex_unlock(&live_mu);
}

void guard_headers_done(struct MHD_Connection *c)
{
    set_deadline(c, 0);
}

void guard_request_done(struct MHD_Connection *c)
{
    set_deadline(c, mono_ms() + (int64_t)header_timeout * 1000);
}

int guard_forwarded_take(const char *addr)
{
    if (count_add(&forwarded, addr, 1, per_address)) return 1;
    refused("terlalu banyak permintaan sekaligus dari satu alamat di balik proxy", addr);
    return 0;
}

void guard_forwarded_release(const char *addr)
{
    count_add(&forwarded, addr, -1, 0);
}

/* ---- the sweep -------------------------------------------------------- */

static pthread_t sweeper;
static atomic_int stopping, running;

static void *sweep(void *arg)
{
    while (!atomic_load(&stopping)) {
        usleep(250 * 1000);
        int64_t now = mono_ms();
        unsigned long n = 0;
        char last[CLIENT_ADDR_MAX] = "";
        pthread_mutex_lock(&live_mu);
        for (struct conn *k = live.next; k != &live; k = k->next) {
            if (!k->deadline || k->shut || now < k->deadline || k->fd < 0) continue;
            shutdown(k->fd, SHUT_RDWR);
            k->shut = 1;
            memcpy(last, k->addr, sizeof last);
            n++;
        }
        pthread_mutex_unlock(&live_mu);
        for (unsigned long i = 0; i < n; i++)
            refused("header permintaan tidak selesai tepat waktu", last);
    }
    return NULL;
}

int guard_start(unsigned per_addr, unsigned timeout_s)
{
    if (per_addr) per_address = per_addr;
    if (timeout_s) header_timeout = timeout_s;
    atomic_store(&stopping, 0);
    if (pthread_create(&sweeper, NULL, sweep, NULL) != 0) return -1;
    atomic_store(&running, 1);
    return 0;
}

void guard_stop(void)
{
    if (!atomic_exchange(&running, 0)) return;
    atomic_store(&stopping, 1);
    pthread_join(sweeper, NULL);
}
