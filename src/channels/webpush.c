/* webpush (channels): see webpush.h. */
#include "channels/webpush.h"
#include "channels/botenv.h"
#include "channels/http_client.h"
#include "core/secret.h"
#include "db/store_chat.h"
#include "db/store_push.h"
#include "util/jv.h"
#include "util/log.h"
#include "util/url.h"
#include "util/webpush.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define KEY_AD "push_key:1:private_key"     /* where the sealed scalar belongs */
#define PUSH_TTL "86400"                    /* a day: a phone off overnight still hears */
#define PUSH_TEXT_CHARS 300                 /* the message as the notice shows it */
#define PUSH_SHORT_CHARS 80                 /* after a 413 */
#define PUSH_TIMEOUT_MS 15000
#define JWT_LIFETIME (12 * 3600)            /* VAPID allows at most 24 h */

/* A new key pair, stored unless another instance stored one first. */
static int make_keys(db_t *db)
{
    unsigned char priv[WEBPUSH_PRIV_BYTES], pub[WEBPUSH_PUB_BYTES];
    char pub_b64[96], priv_b64[64];
    if (webpush_keygen(priv, pub) != 0) return -1;
    webpush_b64(pub, sizeof pub, pub_b64, sizeof pub_b64);
    webpush_b64(priv, sizeof priv, priv_b64, sizeof priv_b64);
    sodium_memzero(priv, sizeof priv);
    char *sealed = secret_seal(priv_b64, KEY_AD);
    sodium_memzero(priv_b64, sizeof priv_b64);
    int rc = sealed ? push_key_put(db, pub_b64, sealed, (int64_t)time(NULL)) : -1;
    if (!sealed) log_error("kunci Web Push tidak dapat disegel: kunci rahasia belum dimuat");
    free(sealed);
    return rc;
}

/* The key pair; priv may be NULL when only the public half is wanted. */
static int load_keys(db_t *db, unsigned char *priv, unsigned char pub[WEBPUSH_PUB_BYTES])
{
    json_t *k = NULL;
    int rc = push_key_get(db, &k);
    if (rc == DB_DONE && make_keys(db) == 0) rc = push_key_get(db, &k);
    int ok = rc == DB_ROW && webpush_unb64(jv_str(k, "public_key"), pub, WEBPUSH_PUB_BYTES) ==
                                 WEBPUSH_PUB_BYTES;
    if (ok && priv) {
        char b64[64];
        ok = secret_open(jv_str(k, "private_key"), KEY_AD, b64, sizeof b64) == SECRET_OK &&
             webpush_unb64(b64, priv, WEBPUSH_PRIV_BYTES) == WEBPUSH_PRIV_BYTES;
        sodium_memzero(b64, sizeof b64);
        if (!ok) log_error("kunci Web Push tidak dapat dibuka dengan kunci rahasia ini");
    }
    json_decref(k);
    return ok ? 0 : -1;
}

int push_public_key(db_t *db, char *out, size_t n)
{
    unsigned char pub[WEBPUSH_PUB_BYTES];
    return load_keys(db, NULL, pub) == 0 ? webpush_b64(pub, sizeof pub, out, n) : -1;
}

int push_key_reseal(db_t *db, const unsigned char key[SECRET_KEY_BYTES])
{
    json_t *k = NULL;
    char b64[64];
    int rc = push_key_get(db, &k);
    if (rc == DB_DONE) return 0;
    int ok = rc == DB_ROW &&
             secret_open(jv_str(k, "private_key"), KEY_AD, b64, sizeof b64) == SECRET_OK;
    char *sealed = ok ? secret_seal_with(key, b64, KEY_AD) : NULL;
    sodium_memzero(b64, sizeof b64);
    rc = sealed ? push_key_swap(db, sealed, jv_str(k, "private_key")) : -1;
    free(sealed);
    json_decref(k);
    return rc == 0 ? 0 : -1;
}

/* The browsers' push services (https only, default port): Chrome's FCM,
 * Firefox's autopush, Safari's APNs web push and Edge's WNS. */
static int known_service(const char *origin)
{
    static const char *const exact[] = {"fcm.googleapis.com", "updates.push.services.mozilla.com",
                                        "web.push.apple.com", NULL};
    static const char *const suffix[] = {".push.apple.com", ".notify.windows.com", NULL};
    if (strncmp(origin, "https://", 8) != 0 || strchr(origin + 8, ':')) return 0;
    const char *host = origin + 8;
    size_t len = strlen(host);
    for (const char *const *e = exact; *e; e++)
        if (strcmp(host, *e) == 0) return 1;
    for (const char *const *s = suffix; *s; s++) {
        size_t sl = strlen(*s);
        if (len > sl && strcmp(host + len - sl, *s) == 0) return 1;
    }
    return 0;
}

const char *push_endpoint_refusal(const char *endpoint)
{
    char origin[300];
    int clean = endpoint && *endpoint && strlen(endpoint) <= 1024;
    for (const char *p = endpoint; clean && *p; p++) clean = (unsigned char)*p > 0x20 && *p != 0x7f;
    if (!clean || webpush_origin(endpoint, origin, sizeof origin) != 0)
        return "Alamat langganan pemberitahuan dari peramban Anda tidak valid.";
    /* an origin listed in BALAI_PUSH_ALLOW (comma-separated) */
    if (!url_in_list(getenv("BALAI_PUSH_ALLOW"), origin) && !known_service(origin))
        return "Pemberitahuan hanya dapat dikirim lewat layanan notifikasi peramban yang dikenal "
               "(Chrome, Firefox, Safari, atau Edge) dengan alamat https. Alamat dari peramban "
               "Anda tidak termasuk.";
    return NULL;
}

int push_queue_message(db_t *db, const char *channel, int64_t message_id)
{
    if (!channel || strcmp(channel, "web") != 0 || message_id <= 0) return 0;
    json_t *subs = push_subs_of_message(db, message_id), *s;
    if (!subs) return -1;
    char payload[48];
    snprintf(payload, sizeof payload, "{\"message\":%lld}", (long long)message_id);
    size_t i;
    int rc = 0;
    json_array_foreach(subs, i, s) {
        if (rc == 0)
            rc = job_add(db, "webpush", jv_int(s, "office_id"), jv_int(s, "id"), payload, 0);
    }
    /* the inbox tells staff the visitor was notified (web/inbox.c) */
    if (rc == 0 && json_array_size(subs))
        rc = chat_message_status(db, message_id, "pushed", 0, NULL, (int64_t)time(NULL));
    json_decref(subs);
    return rc;
}

/* Safari (Apple's push service) may withdraw a subscription whose pushes
 * show no notification: its notices always show (sw.js), also when the
 * chat box on the open page has the message. */
static int must_show(const char *endpoint)
{
    char origin[300];
    if (webpush_origin(endpoint, origin, sizeof origin) != 0) return 0;
    size_t len = strlen(origin), sl = strlen(".push.apple.com");
    return strcmp(origin, "https://web.push.apple.com") == 0 ||
           (len > sl && strcmp(origin + len - sl, ".push.apple.com") == 0);
}

/* The notice the service worker shows: {title, body, url, show}. The text
 * is cut to `chars` characters; WhatsApp's *bold* marks are left out (a
 * notification shows plain text). Upload links stay masked as stored: the
 * chat itself reveals them. show: a notification even over the chat
 * (must_show). malloc'd JSON, or NULL. */
static char *notice(const json_t *m, size_t chars, int show)
{
    const char *text = jv_str(m, "body");
    size_t len = strlen(text), at = 0, seen = 0, o = 0;
    for (; at < len; at++) {
        if (((unsigned char)text[at] & 0xC0) != 0x80 && seen++ == chars) break;
    }
    char *body = malloc(at + 4);
    if (!body) return NULL;
    for (size_t k = 0; k < at; k++)
        if (text[k] != '*') body[o++] = text[k];
    if (at < len) { memcpy(body + o, "\xe2\x80\xa6", 3); o += 3; }   /* … */
    body[o] = '\0';
    char url[600];
    snprintf(url, sizeof url, "%s/o/%s#obrolan", botenv_base_url(), jv_str(m, "office_slug"));
    json_t *j = json_pack("{s:s, s:s, s:s}", "title", jv_str(m, "office_name"), "body", body,
                          "url", url);
    if (j && show) json_object_set_new(j, "show", json_true());
    char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    free(body);
    return s;
}

/* Encrypts `plain` for subscription `sub` and POSTs it to its endpoint.
 * 0 with *status (any answer), -1 on a network error (retry), -2 when the
 * subscription's keys are unusable (never sendable). */
static int post(const json_t *sub, const char *plain, const unsigned char *priv,
                const unsigned char *pub, long *status, char *err, size_t errlen)
{
    unsigned char ua[WEBPUSH_PUB_BYTES], auth[WEBPUSH_AUTH_BYTES], body[4096];
    size_t n = 0;
    if (webpush_unb64(jv_str(sub, "p256dh"), ua, sizeof ua) != WEBPUSH_PUB_BYTES ||
        webpush_unb64(jv_str(sub, "auth"), auth, sizeof auth) != WEBPUSH_AUTH_BYTES ||
        webpush_encrypt(ua, auth, plain, strlen(plain), body, &n) != 0) {
        snprintf(err, errlen, "kunci langganan tidak dapat dipakai");
        return -2;
    }
    char vapid[1200], authz[1300];
    const char *endpoint = jv_str(sub, "endpoint");
    if (webpush_vapid_header(priv, pub, endpoint, botenv_base_url(),
                             (int64_t)time(NULL) + JWT_LIFETIME, vapid, sizeof vapid) != 0) {
        snprintf(err, errlen, "tanda tangan VAPID tidak dapat dibuat");
        return -2;
    }
    snprintf(authz, sizeof authz, "Authorization: %s", vapid);
    const char *h[] = {"Content-Type: application/octet-stream", "Content-Encoding: aes128gcm",
                       "TTL: " PUSH_TTL, "Urgency: normal", authz, NULL};
    struct hc_resp r;
    int rc = hc_post(endpoint, h, body, n, 4096, PUSH_TIMEOUT_MS, &r, err, errlen);
    *status = r.status;
    hc_resp_free(&r);
    return rc;
}

/* What the push service's answer means for the job and the subscription:
 * 2xx delivered; 404/410 the subscription is gone (deleted); 429, 5xx and
 * network errors are tried again by the queue; any other refusal is logged
 * and dropped. */
static void verdict(db_t *db, int64_t id, int rc, long status, const char *err,
                    struct job_result *res)
{
    int64_t now = (int64_t)time(NULL);
    if (rc == -2) {
        res->verdict = JOB_DEAD;
        snprintf(res->error, sizeof res->error, "Pemberitahuan tidak dikirim: %s", err);
    } else if (rc != 0 || status == 429 || status >= 500) {
        (void)push_sub_result(db, id, 0, now);
        res->verdict = JOB_RETRY;
        if (rc != 0)
            snprintf(res->error, sizeof res->error, "Layanan notifikasi tidak terjangkau: %s",
                     err);
        else
            snprintf(res->error, sizeof res->error,
                     "Layanan notifikasi sedang sibuk (HTTP %ld).", status);
    } else if (status >= 200 && status < 300) {
        (void)push_sub_result(db, id, 1, now);
    } else if (status == 404 || status == 410) {
        if (push_sub_delete(db, id) != 0) {
            res->verdict = JOB_RETRY;
            snprintf(res->error, sizeof res->error, "Langganan yang berakhir belum terhapus: %s",
                     db_errmsg(db));
        } else {
            log_info("langganan pemberitahuan #%lld berakhir (HTTP %ld), dihapus", (long long)id,
                     status);
        }
    } else {
        (void)push_sub_result(db, id, 0, now);
        res->verdict = JOB_DEAD;
        snprintf(res->error, sizeof res->error,
                 "Layanan notifikasi menolak pemberitahuan (HTTP %ld).", status);
    }
}

/* The notice for message m to subscription sub; a 413 (too large for that
 * service) gets one shorter try. */
static void deliver(db_t *db, const json_t *sub, const json_t *m, const unsigned char *priv,
                    const unsigned char *pub, struct job_result *res)
{
    long status = 0;
    char err[256] = "";
    int show = must_show(jv_str(sub, "endpoint"));
    char *plain = notice(m, PUSH_TEXT_CHARS, show);
    int rc = plain ? post(sub, plain, priv, pub, &status, err, sizeof err) : -1;
    if (rc == 0 && status == 413) {
        free(plain);
        plain = notice(m, PUSH_SHORT_CHARS, show);
        rc = plain ? post(sub, plain, priv, pub, &status, err, sizeof err) : -1;
    }
    if (!plain) snprintf(err, sizeof err, "memori habis");
    verdict(db, jv_int(sub, "id"), rc, status, err, res);
    free(plain);
}

void webpush_job(db_t *db, const struct job *j, struct job_result *res)
{
    json_t *sub = NULL, *m = NULL, *p = json_loads(j->payload ? j->payload : "", 0, NULL);
    unsigned char priv[WEBPUSH_PRIV_BYTES], pub[WEBPUSH_PUB_BYTES];
    int a = push_sub_get(db, j->ref_id, &sub);
    int b = a == DB_ROW ? push_message(db, jv_int(p, "message"), &m) : a;
    if (a == DB_DONE || b == DB_DONE) {
        /* unsubscribed (or gone) since: nothing to tell */
    } else if (b < 0 || load_keys(db, priv, pub) != 0) {
        res->verdict = JOB_RETRY;
        snprintf(res->error, sizeof res->error, "Pemberitahuan belum dapat disiapkan: %s",
                 b < 0 ? db_errmsg(db) : "kunci Web Push tidak tersedia");
    } else {
        deliver(db, sub, m, priv, pub, res);
    }
    sodium_memzero(priv, sizeof priv);
    json_decref(p);
    json_decref(m);
    json_decref(sub);
}
