/* webchat: the chat box on every office's portal page. Same bot and same
 * conversation store as WhatsApp and Telegram; the citizen may chat
 * anonymously or leave a number. The browser keeps a random token (its
 * only identity; only its hash is stored) and fetches new messages, so
 * staff replies reach it too. The bot answers within the request.
 * A token anyone can make up costs a conversation in the inbox: new ones
 * are limited per client address (util/ratelimit.h); one already open goes
 * on under its own per-conversation message limit.
 *
 * A visitor who leaves the page can still hear of a reply: the box offers
 * Web Push (channels/webpush.h). GET .../obrolan/notifikasi gives the
 * server's public key, POST .../obrolan/notifikasi stores the browser's
 * subscription for the visitor's conversation (same token), and
 * .../notifikasi/hapus removes it. The endpoint is one the server will
 * POST to, so only the browsers' push services are taken; a few per
 * visitor, and new ones are limited per client address. */
#include "bot/bot.h"
#include "channels/event.h"
#include "channels/inbound.h"
#include "db/store_chat.h"
#include "db/store_office.h"
#include "http/fields.h"
#include "http/form.h"
#include "http/gate.h"
#include "channels/ingest.h"
#include "channels/webpush.h"
#include "db/store_push.h"
#include "util/webpush.h"
#include "util/ratelimit.h"
#include "util/jv.h"
#include "web/web.h"
#include "core/uplink.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHAT_TEXT_MAX 1000          /* characters a citizen may type at once */
#define CHAT_RATE 20                /* messages per contact per 10 minutes */
#define CHAT_NEW_RATE 5             /* new conversations per client address ... */
#define CHAT_NEW_WINDOW 600         /* ... per 10 minutes (per instance) */
static struct ratelimit new_chats = RATELIMIT_INIT(CHAT_NEW_RATE, CHAT_NEW_WINDOW);
#define PUSH_KEEP 3                 /* subscriptions per visitor: the oldest goes */
#define PUSH_NEW_RATE 10            /* subscriptions per client address per 10 minutes */
static struct ratelimit new_subs = RATELIMIT_INIT(PUSH_NEW_RATE, CHAT_NEW_WINDOW);

static void answer_json(struct req *r, int status, json_t *body)
{
    char *s = json_dumps(body, JSON_COMPACT);
    resp_text(r, status, "application/json; charset=utf-8", s ? s : "{}");
    resp_header(r, "Cache-Control", "no-store");
    free(s);
    json_decref(body);
}

static void fail(struct req *r, int status, const char *msg)
{
    answer_json(r, status, json_pack("{s:s}", "error", msg));
}

/* Characters, not bytes: the limit the chat box's maxlength shows. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int token_ok(const char *t)
{
    if (!t || strlen(t) != 64) return 0;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return 0;
    return 1;
}

static void token_address(const char *token, char out[65])
{
    unsigned char h[32];
    crypto_hash_sha256(h, (const unsigned char *)token, 64);
    sodium_bin2hex(out, 65, h, sizeof h);
}

/* The messages of this visitor's conversations after `since`; the
 * outbound ones are marked shown (the inbox tells staff), a failure to
 * mark them costs the visitor nothing. */
static json_t *messages_since(struct req *r, int64_t office_id, const char *address, int64_t since)
{
    json_t *rows = chat_web_messages(r->db, office_id, address, since);
    if (!rows) return NULL;
    size_t i;
    json_t *m;
    int64_t upto = 0;
    json_array_foreach(rows, i, m)
        if (strcmp(jv_str(m, "direction"), "out") == 0) upto = jv_int(m, "id");
    if (upto) (void)chat_web_shown(r->db, office_id, address, since, upto, r->now);
    json_array_foreach(rows, i, m) {
        const char *dir = json_string_value(json_object_get(m, "direction"));
        const char *author = json_string_value(json_object_get(m, "author"));
        /* the visitor's own token got here: an upload link is shown whole
         * (stored masked, core/uplink.h) */
        char *text = uplink_reveal(json_string_value(json_object_get(m, "text")));
        if (text) json_object_set_new(m, "text", json_string(text));
        free(text);
        json_object_set_new(m, "from", json_string(strcmp(dir, "in") == 0 ? "warga"
                                                   : strcmp(author, "bot") == 0 ? "bot" : "petugas"));
        json_t *p = json_loads(json_string_value(json_object_get(m, "payload")), 0, NULL);
        json_t *opts = json_array(), *x;
        size_t k;
        json_array_foreach(json_object_get(p, "rows"), k, x) json_array_append(opts, x);
        json_array_foreach(json_object_get(p, "buttons"), k, x) json_array_append(opts, x);
        json_object_set_new(m, "options", opts);
        json_decref(p);
        json_object_del(m, "payload");
        json_object_del(m, "direction");
        json_object_del(m, "author");
    }
    return rows;
}

/* One message from the chat box, read from its JSON body. */
struct chat_send {
    json_t *in;                 /* the body: text, choice and name point into it */
    int64_t office_id;
    const char *text, *choice, *name;
    json_int_t since;
    int had_token;
    char token[65], address[65], digits[32];
};

/* Reads the body into m: NULL, or what to tell the visitor (a 400). */
static const char *chat_read(struct req *r, struct chat_send *m)
{
    json_t *in = m->in = json_loadb(r->body.p ? r->body.p : "", r->body.len, 0, NULL);
    const char *text = json_string_value(json_object_get(in, "text"));
    const char *choice = json_string_value(json_object_get(in, "choice"));
    const char *token = json_string_value(json_object_get(in, "token"));
    const char *phone = json_string_value(json_object_get(in, "phone"));
    m->name = json_string_value(json_object_get(in, "name"));
    m->since = json_integer_value(json_object_get(in, "since"));
    if (!text) text = "";
    if (choice && (strlen(choice) > 64 || !text_clean(choice, 0))) choice = NULL;
    m->text = text;
    m->choice = choice;
    if (!json_is_object(in) || (!*text && !choice)) return "Tulis pesan Anda terlebih dahulu.";
    if (!text_clean(text, 1) || utf8_chars(text) > CHAT_TEXT_MAX)
        return "Pesan terlalu panjang atau berisi karakter yang tidak dapat dibaca.";
    /* the token is copied: it points into `in`, which is freed before the answer */
    m->had_token = token_ok(token);
    if (m->had_token) snprintf(m->token, sizeof m->token, "%s", token);
    else gate_token(m->token);
    token_address(m->token, m->address);
    if (phone && *phone && phone_normalise(phone, m->digits, sizeof m->digits) != 0)
        return "Nomor WhatsApp/telepon tidak valid. Contoh: 0812 3456 7890.";
    return NULL;
}

/* New conversations per client address, messages per visitor: 0, or -1
 * with the refusal (429, or 503 when the database failed) written. */
static int chat_limits(struct req *r, const struct chat_send *m)
{
    int64_t known = 0, recent = 0;
    if (m->had_token && chat_web_known(r->db, m->office_id, m->address, &known) != 0) {
        fail(r, 503, "Pesan belum terkirim. Coba lagi sebentar.");
        return -1;
    }
    if (!known && !ratelimit_take(&new_chats, r->client, r->now)) {
        resp_header(r, "Retry-After", "600");
        fail(r, 429, "Sudah banyak percakapan baru dari alamat Anda dalam waktu singkat. Mohon "
                     "tunggu sekitar 10 menit, atau lanjutkan percakapan yang sudah ada.");
        return -1;
    }
    /* a failed count lets the message through: storing it fails as well */
    (void)chat_web_recent_in(r->db, m->office_id, m->address, r->now - 600, &recent);
    if (recent >= CHAT_RATE) {
        fail(r, 429, "Pesan Anda banyak sekali dalam waktu singkat. Mohon tunggu beberapa menit.");
        return -1;
    }
    return 0;
}

/* The message as an inbound event (masked), stored and answered by the bot
 * in one transaction. 0, or -1 with nothing stored. */
static int chat_store(struct req *r, const struct chat_send *m)
{
    struct event_list l = {0};
    struct event *e = events_add(&l);
    unsigned char rnd[16];
    char hex[33];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
    e->type = EV_MESSAGE;
    e->channel = "web";
    e->office_id = m->office_id;
    e->at = r->now;
    snprintf(e->external_id, sizeof e->external_id, "web:%s", hex);
    snprintf(e->sender, sizeof e->sender, "%s", m->address);
    event_copy_masked(e->sender_name, 64, m->name && text_clean(m->name, 0) ? m->name : "");
    snprintf(e->kind, sizeof e->kind, "%s", m->choice ? "interactive" : "text");
    size_t n = strlen(m->text) + 1;
    e->body = malloc(n);
    json_t *p = json_object();
    if (m->choice) event_set_masked(p, "choice", m->choice, NULL);
    e->payload = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    int rc = e->body && e->payload ? 0 : -1;
    if (rc == 0) e->sensitive = bot_mask(m->text, e->body, n) > 0;
    int64_t id = 0;
    if (rc == 0) rc = db_begin(r->db);
    if (rc == 0 && ingest_store_message(r->db, e, r->now, 0, &id) != 1) rc = -1;
    if (rc == 0 && inbound_process(r->db, id, r->now) < 0) rc = -1;
    if (rc == 0 && *m->digits)  /* the contact is created by processing: set its number now */
        rc = chat_web_set_phone(r->db, m->office_id, m->address, m->digits);
    if (rc == 0) rc = db_commit(r->db);
    if (rc != 0) db_rollback(r->db);
    events_free(&l);
    return rc;
}

void web_chat_send(struct req *r)
{
    json_t *office;
    struct chat_send m = {0};
    r->want_json = 1;                   /* a 503 from web_path_office too */
    int found = web_path_office(r, &office);
    if (!found) fail(r, 404, "Kantor tidak ditemukan.");
    if (found <= 0) return;
    m.office_id = json_integer_value(json_object_get(office, "id"));
    json_decref(office);
    const char *bad = chat_read(r, &m);
    if (bad) {
        fail(r, 400, bad);
    } else if (chat_limits(r, &m) == 0) {
        if (chat_store(r, &m) != 0) {
            fail(r, 503, "Pesan belum terkirim. Coba lagi sebentar.");
        } else {
            json_t *msgs = messages_since(r, m.office_id, m.address, m.since);
            answer_json(r, 200, json_pack("{s:s, s:o}", "token", m.token, "messages",
                                          msgs ? msgs : json_array()));
        }
    }
    json_decref(m.in);
}

void web_chat_poll(struct req *r)
{
    json_t *office;
    r->want_json = 1;                   /* a 503 from web_path_office too */
    if (web_path_office(r, &office) < 0) return;
    const char *token = req_header(r, "X-Balai-Chat");
    if (!office || !token_ok(token)) {
        json_decref(office);
        fail(r, office ? 400 : 404, office ? "Percakapan tidak dikenal." : "Kantor tidak ditemukan.");
        return;
    }
    char address[65];
    token_address(token, address);
    const char *s = req_arg(r, "since");
    json_t *msgs = messages_since(r, json_integer_value(json_object_get(office, "id")), address,
                                  s ? strtoll(s, NULL, 10) : 0);
    json_decref(office);
    if (!msgs) { fail(r, 503, "Pesan belum dapat dimuat."); return; }
    answer_json(r, 200, json_pack("{s:o}", "messages", msgs));
}

void web_chat_push_key(struct req *r)
{
    json_t *office;
    char key[96];
    r->want_json = 1;
    int found = web_path_office(r, &office);
    json_decref(office);
    if (!found) fail(r, 404, "Kantor tidak ditemukan.");
    if (found <= 0) return;
    if (push_public_key(r->db, key, sizeof key) != 0) {
        fail(r, 503, "Pemberitahuan belum dapat disiapkan. Coba lagi nanti.");
        return;
    }
    answer_json(r, 200, json_pack("{s:s}", "key", key));
}

/* The visitor's contact in the office of the path: 1 with *contact, or 0
 * with the refusal written. */
static int push_visitor(struct req *r, int64_t *office_id, int64_t *contact)
{
    json_t *office;
    char address[65];
    int found = web_path_office(r, &office);
    if (!found) fail(r, 404, "Kantor tidak ditemukan.");
    if (found <= 0) return 0;
    *office_id = json_integer_value(json_object_get(office, "id"));
    json_decref(office);
    token_address(req_text(r, "token"), address);
    int rc = push_web_contact(r->db, *office_id, address, contact);
    if (rc < 0) fail(r, 503, "Permintaan belum dapat diproses. Coba lagi sebentar.");
    else if (rc == DB_DONE)
        fail(r, 404, "Percakapan belum dikenal. Kirim pesan dulu di kotak obrolan, lalu aktifkan "
                     "pemberitahuan.");
    return rc == DB_ROW;
}

/* The subscription's own checks beyond the field spec: an endpoint of a
 * push service, a key that is a point on the curve. NULL or the refusal. */
static const char *push_keys_refusal(struct req *r)
{
    unsigned char pub[WEBPUSH_PUB_BYTES];
    const char *bad = push_endpoint_refusal(req_text(r, "endpoint"));
    if (bad) return bad;
    if (webpush_unb64(req_text(r, "p256dh"), pub, sizeof pub) != WEBPUSH_PUB_BYTES ||
        !webpush_point_ok(pub))
        return "Kunci enkripsi dari peramban Anda tidak sah. Muat ulang halaman lalu coba lagi.";
    return NULL;
}

void web_chat_push_subscribe(struct req *r)
{
    int64_t office_id = 0, contact = 0;
    r->want_json = 1;
    const char *bad = push_keys_refusal(r);
    if (bad) { fail(r, 422, bad); return; }
    if (!push_visitor(r, &office_id, &contact)) return;
    if (!ratelimit_take(&new_subs, r->client, r->now)) {
        resp_header(r, "Retry-After", "600");
        fail(r, 429, "Sudah terlalu banyak permintaan pemberitahuan dari alamat Anda. Mohon tunggu "
                     "sekitar 10 menit lalu coba lagi.");
        return;
    }
    int rc = db_begin(r->db);
    if (rc == 0) rc = push_sub_save(r->db, office_id, contact, req_text(r, "endpoint"),
                                    req_text(r, "p256dh"), req_text(r, "auth"), PUSH_KEEP, r->now);
    if (rc == 0) rc = db_commit(r->db);
    if (rc != 0) {
        db_rollback(r->db);
        fail(r, 503, "Pemberitahuan belum dapat diaktifkan. Coba lagi sebentar.");
        return;
    }
    answer_json(r, 200, json_pack("{s:b, s:s}", "ok", 1, "message",
                                  "Pemberitahuan aktif. Balasan petugas akan muncul di perangkat "
                                  "ini walau halaman ditutup."));
}

void web_chat_push_remove(struct req *r)
{
    int64_t office_id = 0, contact = 0, n = 0;
    r->want_json = 1;
    if (!push_visitor(r, &office_id, &contact)) return;
    if (push_sub_remove(r->db, contact, req_text(r, "endpoint"), &n) != 0) {
        fail(r, 503, "Permintaan belum dapat diproses. Coba lagi sebentar.");
        return;
    }
    answer_json(r, 200, json_pack("{s:b, s:s}", "ok", 1, "message",
                                  "Pemberitahuan untuk percakapan ini dimatikan."));
}
