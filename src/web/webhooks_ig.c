/* webhooks_ig: /webhooks/instagram, where Meta delivers an office's
 * Instagram account's events (issue 17). GET is the handshake Meta does
 * when the callback URL is saved: hub.verify_token must be the one an
 * office configured with `balai channel instagram`, and hub.challenge is
 * echoed. POST must carry X-Hub-Signature-256, an HMAC-SHA256 of the raw
 * bytes with the app secret of one of the offices' Instagram channels,
 * checked (in constant time, channels/whatsapp.c) before a byte of the
 * body is read; otherwise 401 and nothing is kept. A signed delivery is
 * acknowledged with 200; its comments are not stored yet (the moderation
 * queue will take them). Refused tries from one address are limited like
 * WhatsApp's (util/ratelimit.h). */
#include "channels/config.h"
#include "channels/whatsapp.h"
#include "db/store_webhook.h"
#include "util/jv.h"
#include "util/log.h"
#include "util/ratelimit.h"
#include "web/web.h"
#include <sodium.h>
#include <string.h>

static struct ratelimit bad_ig = RATELIMIT_INIT(20, 600);

/* Opens column col of an office's Instagram channel row; 0 or -1. */
static int open_col(const json_t *row, const char *col, char out[CHANNEL_SECRET_MAX])
{
    char why[400];
    if (channel_open_secret(jv_int(row, "office_id"), "instagram", col, jv_str(row, col), out,
                            why, sizeof why) == 0)
        return 0;
    log_warn("webhook Instagram: %s", why);
    return -1;
}

/* 1 when some office's Instagram column `col` equals the value (verify
 * token) or signs the body (app secret; value = the signature header). */
static int any_channel(json_t *rows, const char *col, const char *value, const struct req *r)
{
    size_t i, n = strlen(value);
    json_t *row;
    int ok = 0;
    json_array_foreach(rows, i, row) {
        char v[CHANNEL_SECRET_MAX];
        if (!ok && open_col(row, col, v) == 0 && *v)
            ok = strcmp(col, "app_secret") == 0
                     ? wa_signature_ok(value, r->body.p ? r->body.p : "", r->body.len, v)
                     : strlen(v) == n && sodium_memcmp(v, value, n) == 0;
        sodium_memzero(v, sizeof v);
    }
    return ok;
}

static int limited(struct req *r)
{
    if (ratelimit_allows(&bad_ig, r->client, r->now)) return 0;
    resp_header(r, "Retry-After", "600");
    resp_text(r, 429, "text/plain; charset=utf-8", "terlalu banyak kiriman yang ditolak\n");
    return 1;
}

void web_ig_verify(struct req *r)
{
    const char *mode = req_arg(r, "hub.mode"), *token = req_arg(r, "hub.verify_token");
    const char *challenge = req_arg(r, "hub.challenge");
    if (limited(r)) return;
    json_t *rows = mode && !strcmp(mode, "subscribe") && token && *token && challenge
                       ? webhook_ig_channels(r->db) : NULL;
    int ok = rows && any_channel(rows, "verify_token", token, r);
    json_decref(rows);
    if (!ok) {
        ratelimit_count(&bad_ig, r->client, r->now);
        resp_text(r, 403, "text/plain; charset=utf-8", "token verifikasi tidak cocok\n");
        return;
    }
    resp_text(r, 200, "text/plain; charset=utf-8", challenge);
}

void web_ig_webhook(struct req *r)
{
    const char *sig = req_header(r, "X-Hub-Signature-256");
    if (!sig && limited(r)) return;
    json_t *rows = sig ? webhook_ig_channels(r->db) : NULL;
    if (sig && !rows) {
        resp_header(r, "Retry-After", "30");
        resp_text(r, 503, "text/plain; charset=utf-8", "basis data tidak tersedia, kirim ulang\n");
        return;
    }
    int ok = sig && any_channel(rows, "app_secret", sig, r);
    json_decref(rows);
    if (!ok) {
        ratelimit_count(&bad_ig, r->client, r->now);
        resp_text(r, 401, "text/plain; charset=utf-8", "tanda tangan tidak sah\n");
        return;
    }
    resp_text(r, 200, "text/plain; charset=utf-8", "EVENT_RECEIVED\n");
}
