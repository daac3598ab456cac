/* webhooks: where WhatsApp and Telegram deliver citizens' messages.
 * Every delivery is authenticated before its body is parsed (WhatsApp:
 * X-Hub-Signature-256 over the raw bytes; Telegram: the secret token
 * header), stored durably through the ingest writer's group commit, and
 * only then answered 200. A bad signature stores nothing. */
#include "channels/event.h"
#include "channels/send.h"
#include "channels/telegram.h"
#include "channels/whatsapp.h"
#include "jobs/ingest.h"
#include "db/store_office.h"
#include "util/log.h"
#include "web/web.h"
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static atomic_ulong bad_signatures;

static void refuse(struct req *r, int status, const char *what)
{
    unsigned long n = atomic_fetch_add(&bad_signatures, 1) + 1;
    log_warn("webhook %s ditolak (%s); %lu penolakan sejak mulai", r->path, what, n);
    resp_text(r, status, "text/plain; charset=utf-8",
              status == 401 ? "tanda tangan tidak sah\n" : "token rahasia tidak sah\n");
}

/* GET /webhooks/whatsapp: the handshake Meta does when the callback URL is
 * saved. The token typed there must be one an office configured. */
void web_wa_verify(struct req *r)
{
    const char *mode = req_arg(r, "hub.mode"), *token = req_arg(r, "hub.verify_token");
    const char *challenge = req_arg(r, "hub.challenge");
    int ok = 0;
    if (mode && strcmp(mode, "subscribe") == 0 && token && *token && challenge) {
        db_stmt *st = db_query(r->db, "SELECT verify_token FROM channel WHERE kind = 'whatsapp' "
                                      "AND active = 1 AND verify_token <> ''", "");
        size_t n = strlen(token);
        while (st && db_step(st) == DB_ROW) {
            const char *v = db_col_text(st, 0);
            if (v && strlen(v) == n && sodium_memcmp(v, token, n) == 0) ok = 1;
        }
        db_done(st);
    }
    if (!ok) {
        resp_text(r, 403, "text/plain; charset=utf-8", "token verifikasi tidak cocok\n");
        return;
    }
    resp_text(r, 200, "text/plain; charset=utf-8", challenge);
}

static void stored(void *arg, int rc)
{
    struct req *r = arg;
    if (rc == 0) resp_text(r, 200, "text/plain; charset=utf-8", "ok\n");
    else resp_text(r, 500, "text/plain; charset=utf-8", "belum tersimpan, kirim ulang\n");
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

/* POST /webhooks/whatsapp. One Meta app usually serves every office of a
 * regency, so the body is checked against each distinct app secret (a few
 * HMACs of a few KiB: microseconds) before any byte of it is parsed; then
 * each event is routed by phone_number_id to an office whose channel has
 * that same secret. */
void web_wa_webhook(struct req *r)
{
    const char *sig = req_header(r, "X-Hub-Signature-256");
    if (!sig) {
        refuse(r, 401, "tanpa tanda tangan");
        return;
    }
    const char *body = r->body.p ? r->body.p : "";
    char secret[256] = "";
    db_stmt *st = db_query(r->db, "SELECT DISTINCT app_secret FROM channel WHERE kind = 'whatsapp' "
                                  "AND active = 1 AND app_secret <> ''", "");
    while (st && db_step(st) == DB_ROW) {
        const char *s = db_col_text(st, 0);
        if (s && wa_signature_ok(sig, body, r->body.len, s)) {
            snprintf(secret, sizeof secret, "%s", s);
            break;
        }
    }
    db_done(st);
    if (!*secret) {
        refuse(r, 401, "tanda tangan salah");
        return;
    }
    struct event_list ev = {0};
    char err[128];
    if (wa_parse(body, r->body.len, &ev, err, sizeof err) != 0) {
        events_free(&ev);
        log_warn("webhook WhatsApp tidak dapat dibaca: %s", err);
        resp_text(r, 400, "text/plain; charset=utf-8", "isi webhook tidak dapat dibaca\n");
        return;
    }
    char last_account[64] = "";
    int64_t last_office = 0;
    for (size_t i = 0; i < ev.n; i++) {
        struct event *e = &ev.v[i];
        if (e->type != EV_MESSAGE) continue;
        if (strcmp(e->account, last_account) != 0) {
            last_office = 0;
            snprintf(last_account, sizeof last_account, "%s", e->account);
            st = db_query(r->db, "SELECT office_id, app_secret FROM channel WHERE kind = 'whatsapp' "
                                 "AND account = ? AND active = 1", "s", e->account);
            if (st && db_step(st) == DB_ROW) {
                const char *s = db_col_text(st, 1);
                /* a number of another app cannot be spoken for by this one */
                if (s && strcmp(s, secret) == 0) last_office = db_col_int(st, 0);
            }
            db_done(st);
            if (!last_office) log_warn("webhook WhatsApp untuk nomor %s yang tidak diatur", e->account);
        }
        e->office_id = last_office;
    }
    sodium_memzero(secret, sizeof secret);
    store(r, &ev);
}

/* POST /webhooks/telegram/{office}: each office has its own bot; the
 * secret token given to setWebhook comes back in a header. */
void web_tg_webhook(struct req *r)
{
    r->office = office_get(r->db, req_param(r, "office"));
    json_t *ch = r->office ? channel_get(r->db, json_integer_value(json_object_get(r->office, "id")),
                                         "telegram") : NULL;
    const char *secret = json_string_value(json_object_get(ch, "verify_token"));
    if (!ch || !json_is_true(json_object_get(ch, "active")) ||
        !tg_secret_ok(req_header(r, "X-Telegram-Bot-Api-Secret-Token"), secret)) {
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
