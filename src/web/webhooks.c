/* webhooks: where WhatsApp and Telegram deliver citizens' messages.
 * Every delivery is authenticated before its body is parsed (WhatsApp:
 * X-Hub-Signature-256 over the raw bytes; Telegram: the secret token
 * header), stored durably through the ingest writer's group commit, and
 * only then answered 200. A bad signature stores nothing.
 *
 * An unauthenticated delivery must stay cheap however many offices there
 * are: WhatsApp's body is checked with the one app secret of the number it
 * names (one HMAC), and an address whose deliveries keep failing is answered
 * 429 before any work for a while (util/ratelimit.h) — except that a
 * correctly signed WhatsApp delivery always goes through. Refusals are
 * logged as one summary line per 10 s. */
#include "channels/config.h"
#include "channels/event.h"
#include "channels/send.h"
#include "channels/telegram.h"
#include "channels/whatsapp.h"
#include "channels/ingest.h"
#include "db/store_office.h"
#include "db/store_webhook.h"
#include "util/jv.h"
#include "util/log.h"
#include "util/ratelimit.h"
#include "web/web.h"
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define BAD_RATE 20         /* refused deliveries per client address ... */
#define BAD_WINDOW 600      /* ... per 10 minutes, then 429 without checking */
static struct ratelimit bad_hooks = RATELIMIT_INIT(BAD_RATE, BAD_WINDOW);
static atomic_ulong bad_signatures;

static void refuse(struct req *r, int status, const char *what)
{
    static struct log_quiet quiet = LOG_QUIET_INIT;
    unsigned long n = atomic_fetch_add(&bad_signatures, 1) + 1, due;
    ratelimit_count(&bad_hooks, r->client, r->now);
    if ((due = log_quiet_due(&quiet, r->now, 10)))
        log_warn("webhook ditolak: %lu kali sejak catatan sebelumnya, %lu sejak mulai "
                 "(terakhir %s dari %s: %s)", due, n, r->path, r->client, what);
    resp_text(r, status, "text/plain; charset=utf-8",
              status == 401 ? "tanda tangan tidak sah\n" : "token rahasia tidak sah\n");
}

/* An address whose deliveries were refused too often: answered 429 with no
 * check and no log line. */
static int throttled(struct req *r)
{
    if (ratelimit_allows(&bad_hooks, r->client, r->now)) return 0;
    static struct log_quiet quiet = LOG_QUIET_INIT;
    unsigned long due = log_quiet_due(&quiet, r->now, 60);
    if (due) log_warn("webhook ditahan (429) karena terlalu sering ditolak: %lu kali sejak "
                      "catatan sebelumnya (terakhir dari %s)", due, r->client);
    resp_header(r, "Retry-After", "600");
    resp_text(r, 429, "text/plain; charset=utf-8", "terlalu banyak kiriman yang ditolak\n");
    return 1;
}

/* GET /webhooks/whatsapp: the handshake Meta does when the callback URL is
 * saved. The token typed there must be one an office configured. */
void web_wa_verify(struct req *r)
{
    const char *mode = req_arg(r, "hub.mode"), *token = req_arg(r, "hub.verify_token");
    const char *challenge = req_arg(r, "hub.challenge");
    int ok = 0;
    if (throttled(r)) return;   /* guessing the verify token is as slow as this */
    if (mode && strcmp(mode, "subscribe") == 0 && token && *token && challenge) {
        json_t *rows = webhook_wa_verify_tokens(r->db), *row;
        size_t n = strlen(token), i;
        json_array_foreach(rows, i, row) {
            char v[CHANNEL_SECRET_MAX], why[400];
            if (channel_open_secret(jv_int(row, "office_id"), "whatsapp", "verify_token",
                                    jv_str(row, "verify_token"), v, why, sizeof why) != 0)
                log_warn("verifikasi webhook WhatsApp: %s", why);
            else if (strlen(v) == n && sodium_memcmp(v, token, n) == 0)
                ok = 1;
            sodium_memzero(v, sizeof v);
        }
        json_decref(rows);
    }
    if (!ok) {
        ratelimit_count(&bad_hooks, r->client, r->now);
        resp_text(r, 403, "text/plain; charset=utf-8", "token verifikasi tidak cocok\n");
        return;
    }
    resp_text(r, 200, "text/plain; charset=utf-8", challenge);
}

static void stored(void *arg, int rc)
{
    struct req *r = arg;
    if (rc == 0) resp_text(r, 200, "text/plain; charset=utf-8", "ok\n");
    else {
        resp_header(r, "Retry-After", "30");
        resp_text(r, 503, "text/plain; charset=utf-8", "belum tersimpan, kirim ulang\n");
    }
    req_resume(r);
}

/* Hands the events to the ingest writer and answers once they are stored. */
static void store(struct req *r, struct event_list *ev)
{
    if (ev->n == 0) {
        resp_text(r, 200, "text/plain; charset=utf-8", "ok\n");
        return;
    }
    req_suspend(r);
    if (ingest_submit(ev, stored, r) != 0) {
        events_free(ev);
        resp_text(r, 503, "text/plain; charset=utf-8", "sedang berhenti, kirim ulang\n");
        req_resume(r);
    }
}

/* The WhatsApp numbers this deployment serves, with their office and app
 * secret, kept in memory for a few seconds: a delivery then costs no
 * database read before its commit. A channel saved in the console shows at
 * once (db_generation moves); one saved by the CLI within RELOAD_MS. */
#define WA_ROUTES_MAX 4096
#define RELOAD_MS 2000
struct wa_route { char account[40]; char secret[136]; int64_t office_id; };
static pthread_rwlock_t routes_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct wa_route *wa_routes;
static size_t wa_nroutes;
static int64_t routes_loaded_ms;
static uint64_t routes_generation;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 0, or -1 when the database could not be read (the routes held stay). */
static int routes_refresh(db_t *db)
{
    int64_t now = mono_ms();
    pthread_rwlock_rdlock(&routes_lock);
    int fresh = wa_routes && now - routes_loaded_ms < RELOAD_MS && routes_generation == db_generation();
    pthread_rwlock_unlock(&routes_lock);
    if (fresh) return 0;
    struct wa_route *v = calloc(WA_ROUTES_MAX, sizeof *v);
    if (!v) return -1;
    size_t n = 0, unopened = 0;
    uint64_t gen = db_generation();
    char why[400] = "";
    json_t *rows = webhook_wa_app_secrets(db), *row;
    size_t i;
    json_array_foreach(rows, i, row) {
        if (n == WA_ROUTES_MAX) break;
        char plain[CHANNEL_SECRET_MAX];
        v[n].office_id = jv_int(row, "office_id");
        /* an app secret this server cannot open accepts nothing; the
         * number's deliveries are refused (401) until the key is right */
        if (channel_open_secret(v[n].office_id, "whatsapp", "app_secret", jv_str(row, "app_secret"),
                                plain, why, sizeof why) != 0 || strlen(plain) >= sizeof v[n].secret) {
            unopened++;
            sodium_memzero(plain, sizeof plain);
            continue;
        }
        snprintf(v[n].account, sizeof v[n].account, "%s", jv_str(row, "account"));
        memcpy(v[n].secret, plain, strlen(plain) + 1);     /* its length was checked */
        sodium_memzero(plain, sizeof plain);
        n++;
    }
    /* said once per change of the set, not on every reload */
    static atomic_size_t told;
    if (atomic_exchange(&told, unopened) != unopened && unopened)
        log_error("webhook WhatsApp: %zu nomor tidak dapat menerima pesan. %s", unopened, why);
    int ok = rows != NULL;
    json_decref(rows);
    if (!ok) {
        free(v);
        return -1;
    }
    pthread_rwlock_wrlock(&routes_lock);
    if (wa_routes) sodium_memzero(wa_routes, WA_ROUTES_MAX * sizeof *wa_routes);
    free(wa_routes);
    wa_routes = v;
    wa_nroutes = n;
    routes_loaded_ms = now;
    routes_generation = gen;
    pthread_rwlock_unlock(&routes_lock);
    return 0;
}

/* The database could not be read: whether a delivery is genuine is not
 * known, so the sender is asked to retry rather than told it is forged. */
static void db_down(struct req *r)
{
    log_warn("webhook %s: basis data tidak dapat dibaca, diminta kirim ulang", r->path);
    resp_header(r, "Retry-After", "30");
    resp_text(r, 503, "text/plain; charset=utf-8", "basis data tidak tersedia, kirim ulang\n");
}

/* The app secret to check a delivery with: that of the number the body
 * names (the first phone_number_id; one delivery is one app's), or, when it
 * names none this server knows, the only secret if there is just one (a
 * single-app deployment). So a forged body costs at most one HMAC however
 * many offices have their own app. Called with routes_lock held. */
static const char *secret_for(const char *body, size_t len)
{
    char number[40];
    if (wa_first_number(body, len, number, sizeof number) == 0)
        for (size_t i = 0; i < wa_nroutes; i++)
            if (strcmp(wa_routes[i].account, number) == 0) return wa_routes[i].secret;
    for (size_t i = 1; i < wa_nroutes; i++)
        if (strcmp(wa_routes[i].secret, wa_routes[0].secret) != 0) return NULL;
    return wa_nroutes ? wa_routes[0].secret : NULL;
}

/* POST /webhooks/whatsapp. One Meta app usually serves every office of a
 * regency; some offices have their own. The body is checked against the one
 * app secret it can be for (secret_for) before any byte of it is parsed;
 * then each event is routed by phone_number_id to an office whose channel
 * has that same secret. A correctly signed delivery is never throttled:
 * Meta sends bursts from few addresses. */
void web_wa_webhook(struct req *r)
{
    const char *sig = req_header(r, "X-Hub-Signature-256");
    int limited = !ratelimit_allows(&bad_hooks, r->client, r->now);
    if (!sig) {
        if (!limited || !throttled(r)) refuse(r, 401, "tanpa tanda tangan");
        return;
    }
    const char *body = r->body.p ? r->body.p : "";
    int unread = routes_refresh(r->db) != 0;
    char secret[136] = "";
    pthread_rwlock_rdlock(&routes_lock);
    const char *s = secret_for(body, r->body.len);
    if (s && wa_signature_ok(sig, body, r->body.len, s)) snprintf(secret, sizeof secret, "%s", s);
    pthread_rwlock_unlock(&routes_lock);
    if (!*secret && unread) {
        db_down(r);
        return;
    }
    if (!*secret) {
        if (!limited || !throttled(r)) refuse(r, 401, "tanda tangan salah");
        return;
    }
    struct event_list ev = {0};
    char err[128];
    if (wa_parse(body, r->body.len, &ev, err, sizeof err) != 0) {
        events_free(&ev);
        sodium_memzero(secret, sizeof secret);
        log_warn("webhook WhatsApp tidak dapat dibaca: %s", err);
        resp_text(r, 400, "text/plain; charset=utf-8", "isi webhook tidak dapat dibaca\n");
        return;
    }
    pthread_rwlock_rdlock(&routes_lock);
    for (size_t i = 0; i < ev.n; i++) {
        struct event *e = &ev.v[i];
        if (e->type != EV_MESSAGE) continue;
        for (size_t k = 0; k < wa_nroutes; k++)
            /* a number of another app cannot be spoken for by this one */
            if (strcmp(wa_routes[k].account, e->account) == 0 &&
                strcmp(wa_routes[k].secret, secret) == 0)
                e->office_id = wa_routes[k].office_id;
        if (!e->office_id) log_warn("webhook WhatsApp untuk nomor %s yang tidak diatur", e->account);
    }
    pthread_rwlock_unlock(&routes_lock);
    sodium_memzero(secret, sizeof secret);
    store(r, &ev);
}

/* POST /webhooks/telegram/{office}: each office has its own bot; the
 * secret token given to setWebhook comes back in a header. */
void web_tg_webhook(struct req *r)
{
    if (throttled(r)) return;   /* a token is guessable only as fast as this allows */
    json_t *ch = NULL;
    int found = office_find(r->db, req_param(r, "office"), &r->office);
    if (found > 0)
        found = channel_find(r->db, json_integer_value(json_object_get(r->office, "id")),
                             "telegram", &ch);
    if (found < 0) {
        db_down(r);
        return;
    }
    char secret[CHANNEL_SECRET_MAX] = "", why[400];
    if (ch && channel_secret(ch, "verify_token", secret, why, sizeof why) != 0)
        log_error("webhook Telegram %s: %s", req_param(r, "office"), why);
    int ok = ch && json_is_true(json_object_get(ch, "active")) && *secret &&
             tg_secret_ok(req_header(r, "X-Telegram-Bot-Api-Secret-Token"), secret);
    sodium_memzero(secret, sizeof secret);
    if (!ok) {
        json_decref(ch);
        refuse(r, 403, "token rahasia Telegram salah");
        return;
    }
    struct event_list ev = {0};
    char err[128];
    int rc = tg_parse(r->body.p ? r->body.p : "", r->body.len,
                      json_string_value(json_object_get(ch, "account")), &ev, err, sizeof err);
    json_decref(ch);
    if (rc != 0) {
        events_free(&ev);
        resp_text(r, 400, "text/plain; charset=utf-8", "isi pembaruan tidak dapat dibaca\n");
        return;
    }
    for (size_t i = 0; i < ev.n; i++)
        ev.v[i].office_id = json_integer_value(json_object_get(r->office, "id"));
    store(r, &ev);
}
