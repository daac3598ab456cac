/* hub: see hub.h and live.h.
 *
 * Each stream is a struct client: the bytes not yet sent, and whether its
 * connection is suspended. libmicrohttpd pulls the body through reader();
 * when nothing is pending the reader suspends the connection (allowed from
 * a content reader callback) so an idle stream costs no thread and no
 * polling. A publisher appends to the clients of the office and resumes
 * the suspended ones; libmicrohttpd then calls reader() again.
 *
 * Lock order: hub_mu, then a client's mu. MHD_resume_connection is called
 * with no lock held, because libmicrohttpd may end a connection (and call
 * client_free, which takes hub_mu) while holding its own locks; a
 * reference keeps the client alive until then. */
#include "live/hub.h"
#include "live/live.h"
#include "http/req.h"
#include "util/log.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HEARTBEAT_S 20          /* under the server's 30 s idle timeout and most proxies' 60 s */
#define PENDING_MAX (256 * 1024)  /* a stream this far behind is ended; the page reconnects */
#define RETRY_MS 2000

struct client {
    pthread_mutex_t mu;
    struct MHD_Connection *conn;
    int64_t office_id;
    char *buf;                  /* pending bytes: buf[off..len) */
    size_t len, off, cap;
    int suspended, closed;
    int refs;                   /* the hub's list + publishers about to resume it */
    struct client *prev, *next;
};

static pthread_mutex_t hub_mu = PTHREAD_MUTEX_INITIALIZER;
static struct client *clients;
static unsigned nclients;
static int stopping = 1;        /* until live_start */
static uint64_t seq;            /* event ids, for the browser's Last-Event-ID */

static pthread_t beat_thread;
static pthread_cond_t beat_cv = PTHREAD_COND_INITIALIZER;
static int beat_running;

/* Under c->mu. Returns -1 when the client is too far behind. */
static int append(struct client *c, const char *s, size_t n)
{
    if (c->off && c->off == c->len) c->off = c->len = 0;
    if (c->len + n > c->cap) {
        if (c->len - c->off + n > PENDING_MAX) return -1;
        if (c->off) {           /* reclaim what was sent before growing */
            memmove(c->buf, c->buf + c->off, c->len - c->off);
            c->len -= c->off;
            c->off = 0;
        }
        size_t cap = c->cap ? c->cap : 512;
        while (cap < c->len + n) cap *= 2;
        if (cap != c->cap) {
            char *p = realloc(c->buf, cap);
            if (!p) return -1;
            c->buf = p;
            c->cap = cap;
        }
    }
    memcpy(c->buf + c->len, s, n);
    c->len += n;
    return 0;
}

static void client_unref(struct client *c)
{
    pthread_mutex_lock(&c->mu);
    int last = --c->refs == 0;
    pthread_mutex_unlock(&c->mu);
    if (!last) return;
    pthread_mutex_destroy(&c->mu);
    free(c->buf);
    free(c);
}

/* Gives the stream `text` (or ends it when text is NULL); returns the client
 * with a reference when the caller must resume it. Under hub_mu. */
static struct client *feed(struct client *c, const char *text, size_t n)
{
    struct client *wake = NULL;
    pthread_mutex_lock(&c->mu);
    if (!c->closed && (!text || append(c, text, n) != 0)) c->closed = 1;
    if (c->suspended) {
        c->suspended = 0;
        c->refs++;
        wake = c;
    }
    pthread_mutex_unlock(&c->mu);
    return wake;
}

/* Sends text to the streams of one office (office 0: all). */
static void broadcast(int64_t office_id, const char *text, size_t n, int end)
{
    struct client *stack[64], **wake = stack;
    size_t nwake = 0, cap = 64;
    pthread_mutex_lock(&hub_mu);
    if (nclients > cap) {
        wake = malloc(nclients * sizeof *wake);
        if (wake) cap = nclients;
        else wake = stack;
    }
    for (struct client *c = clients; c; c = c->next) {
        if (office_id && c->office_id != office_id) continue;
        struct client *w = feed(c, end ? NULL : text, n);
        if (!w) continue;
        if (nwake < cap) wake[nwake++] = w;
        else {      /* out of memory for the list: resume under the lock, rarely */
            MHD_resume_connection(w->conn);
            pthread_mutex_lock(&w->mu);
            w->refs--;
            pthread_mutex_unlock(&w->mu);
        }
    }
    pthread_mutex_unlock(&hub_mu);
    for (size_t i = 0; i < nwake; i++) {
        MHD_resume_connection(wake[i]->conn);
        client_unref(wake[i]);
    }
    if (wake != stack) free(wake);
}

void hub_deliver(const char *payload)
{
    json_t *ev = json_loads(payload, 0, NULL);
    int64_t office = json_integer_value(json_object_get(ev, "office"));
    const char *kind = json_string_value(json_object_get(ev, "kind"));
    if (office <= 0 || !kind || strspn(kind, "abcdefghijklmnopqrstuvwxyz_") != strlen(kind)) {
        json_decref(ev);
        return;     /* not ours, or damaged: a frame must not be forged by a newline */
    }
    size_t plen = strlen(payload);
    size_t cap = plen + strlen(kind) + 64;
    char *frame = malloc(cap);
    if (frame && !strchr(payload, '\n')) {
        pthread_mutex_lock(&hub_mu);
        unsigned long long id = ++seq;
        pthread_mutex_unlock(&hub_mu);
        int n = snprintf(frame, cap, "id: %llu\nevent: %s\ndata: %s\n\n", id, kind, payload);
        if (n > 0 && (size_t)n < cap) broadcast(office, frame, (size_t)n, 0);
    }
    free(frame);
    json_decref(ev);
}

void hub_resync(void)
{
    static const char f[] = "event: resync\ndata: {}\n\n";
    broadcast(0, f, sizeof f - 1, 0);
}

/* --- the stream as libmicrohttpd sees it ------------------------------- */

static ssize_t reader(void *cls, uint64_t pos, char *out, size_t max)
{
    struct client *c = cls;
    pthread_mutex_lock(&c->mu);
    if (c->len > c->off) {
        size_t n = c->len - c->off;
        if (n > max) n = max;
        memcpy(out, c->buf + c->off, n);
        c->off += n;
        if (c->off == c->len) {
            c->off = c->len = 0;
            if (c->cap > 8192) {    /* a burst is over: give the memory back */
                free(c->buf);
                c->buf = NULL;
                c->cap = 0;
            }
        }
        pthread_mutex_unlock(&c->mu);
        return (ssize_t)n;
    }
    if (c->closed) {
        pthread_mutex_unlock(&c->mu);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    /* nothing to send: leave the event loop until a publisher resumes us;
     * under c->mu so an event appended meanwhile cannot be missed */
    c->suspended = 1;
    MHD_suspend_connection(c->conn);
    pthread_mutex_unlock(&c->mu);
    return 0;
}

static void client_free(void *cls)
{
    struct client *c = cls;
    pthread_mutex_lock(&hub_mu);
    if (c->prev) c->prev->next = c->next;
    else clients = c->next;
    if (c->next) c->next->prev = c->prev;
    nclients--;
    pthread_mutex_unlock(&hub_mu);
    client_unref(c);
}

void live_stream(struct req *r)
{
    struct client *c = calloc(1, sizeof *c);
    if (!c) {
        resp_text(r, 503, "text/plain; charset=utf-8", "Server sedang sibuk.");
        return;
    }
    pthread_mutex_init(&c->mu, NULL);
    c->conn = r->conn;
    c->office_id = json_integer_value(json_object_get(r->office, "id"));
    c->refs = 1;
    char hello[64];
    int n = snprintf(hello, sizeof hello, "retry: %d\n: terhubung\n\n", RETRY_MS);
    append(c, hello, (size_t)n);
    pthread_mutex_lock(&hub_mu);
    if (stopping) {
        pthread_mutex_unlock(&hub_mu);
        client_unref(c);
        resp_text(r, 503, "text/plain; charset=utf-8", "Server sedang berhenti.");
        return;
    }
    c->next = clients;
    if (clients) clients->prev = c;
    clients = c;
    nclients++;
    pthread_mutex_unlock(&hub_mu);
    resp_header(r, "Cache-Control", "no-store");
    resp_header(r, "X-Accel-Buffering", "no");     /* nginx in front must not hold events back */
    resp_stream(r, "text/event-stream; charset=utf-8", reader, client_free, c);
}

/* --- heartbeat --------------------------------------------------------- */

/* A comment line every HEARTBEAT_S keeps proxies from closing an idle
 * stream, and is how a vanished browser is noticed: a suspended connection
 * sees no disconnect until it writes. */
static void *beat(void *arg)
{
    static const char ping[] = ": ping\n\n";
    pthread_mutex_lock(&hub_mu);
    while (!stopping) {
        struct timespec t;
        clock_gettime(CLOCK_REALTIME, &t);
        t.tv_sec += HEARTBEAT_S;
        int rc = 0;
        while (!stopping && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&beat_cv, &hub_mu, &t);
        if (stopping) break;
        pthread_mutex_unlock(&hub_mu);
        broadcast(0, ping, sizeof ping - 1, 0);
        pthread_mutex_lock(&hub_mu);
    }
    pthread_mutex_unlock(&hub_mu);
    return NULL;
}

int hub_start(void)
{
    pthread_mutex_lock(&hub_mu);
    stopping = 0;
    pthread_mutex_unlock(&hub_mu);
    if (pthread_create(&beat_thread, NULL, beat, NULL) != 0) return -1;
    beat_running = 1;
    return 0;
}

void hub_stop(void)
{
    pthread_mutex_lock(&hub_mu);
    stopping = 1;
    pthread_cond_broadcast(&beat_cv);
    pthread_mutex_unlock(&hub_mu);
    if (beat_running) pthread_join(beat_thread, NULL);
    beat_running = 0;
    broadcast(0, NULL, 0, 1);       /* every stream ends; suspended ones are resumed */
}
