/* broadcast: see broadcast.h. */
#include "channels/broadcast.h"
#include "channels/config.h"
#include "channels/http_client.h"
#include "channels/send.h"
#include "channels/telegram.h"
#include "channels/whatsapp.h"
#include "core/broadcast.h"
#include "db/store_broadcast.h"
#include "db/store_chat.h"
#include "db/store_job.h"
#include "db/store_office.h"
#include "util/jv.h"
#include "util/log.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLICE_MS 2000           /* one run sends this long, then queues the next */
#define STALE_MS 120000         /* a claim this old belongs to a dead sender */
#define BATCH_MAX 50
#define ATTEMPTS_MAX 5
#define API_TIMEOUT_MS 15000

int64_t broadcast_keyword(db_t *db, const json_t *m, int64_t contact_id, int64_t conv_id,
                          int64_t now)
{
    const char *channel = jv_str(m, "channel");
    if ((strcmp(channel, "whatsapp") != 0 && strcmp(channel, "telegram") != 0) ||
        strcmp(jv_str(m, "kind"), "text") != 0)
        return 0;
    enum sub_keyword k = sub_keyword_match(jv_str(m, "body"));
    if (k == SUB_NONE) return 0;
    int64_t office_id = jv_int(m, "office_id");
    struct sub_change c = {.office_id = office_id, .contact_id = contact_id,
                           .message_id = jv_int(m, "id"), .now = now, .channel = channel,
                           .address = jv_str(m, "sender"), .words = jv_str(m, "body"),
                           .in = k == SUB_IN};
    int rc = sub_set(db, &c);
    if (rc < 0) return -1;
    if (rc == 2) return 0;      /* "stop" from someone who never subscribed: the bot's */
    json_t *o = office_get_id(db, office_id);
    char text[700];
    sub_confirm_text(k, rc == 1, o ? jv_str(o, "name") : "kantor ini", text, sizeof text);
    json_decref(o);
    int64_t id = chat_message_out(db, office_id, channel, conv_id, "text", text, "{}", "bot", 0,
                                  now);
    if (id > 0 && job_add(db, "send", office_id, id, NULL, 0) != 0) return -1;
    return id;
}

int broadcast_tier_state(db_t *db, int64_t office_id, int64_t now_ms, int64_t *tier,
                         int64_t *used, int64_t *opens)
{
    json_t *ch = channel_get(db, office_id, "whatsapp");
    json_t *st = json_loads(ch ? jv_str(ch, "settings") : "", 0, NULL);
    *tier = jv_int(st, "broadcast_tier") > 0 ? jv_int(st, "broadcast_tier")
                                             : BROADCAST_TIER_DEFAULT;
    json_decref(st);
    json_decref(ch);
    int64_t first = 0;
    if (bc_reach(db, office_id, now_ms - 86400000, used, &first) != 0) return -1;
    *opens = first ? (first + 86400000) / 1000 + 1 : 0;
    return 0;
}

/* This process, as the claim's owner. */
static char me[33];
static pthread_once_t me_once = PTHREAD_ONCE_INIT;

static void me_init(void)
{
    unsigned char b[16];
    randombytes_buf(b, sizeof b);
    sodium_bin2hex(me, sizeof me, b, sizeof b);
}

/* The i-th string of an array, "" when there is none. */
static const char *jv_str_at(const json_t *a, size_t i)
{
    const char *v = json_string_value(json_array_get(a, i));
    return v ? v : "";
}

/* One of the office's channels as the run uses it. */
struct chan {
    int ready;                  /* set up, active and its token opens */
    int64_t id;
    const char *account, *base;
    char token[CHANNEL_SECRET_MAX];
    int rate;
};

/* One run of the job. */
struct run {
    db_t *db;
    int64_t id, office_id;
    json_t *payload;            /* {"template": {name, language, params}} */
    char text[2400];            /* the same words for Telegram */
    struct chan wa, tg;
    int tier;
    int64_t next_ms;            /* when the next run is due; 0: the broadcast is over */
};

/* What one POST came to. */
struct outcome {
    const char *state;          /* terkirim gagal tak_pasti antri */
    char ext[256], text[400];
    int64_t code, hold_ms;
    int stop;                   /* the run stops here */
};

static void outcome_error(struct run *s, const json_t *row, const json_t *ans,
                          struct outcome *o)
{
    json_t *e = json_object_get(ans, "error");
    int64_t code = json_is_integer(json_object_get(e, "code"))
                       ? json_integer_value(json_object_get(e, "code")) : -1;
    int attempts = (int)jv_int(row, "attempts");
    o->code = code > 0 ? code : 0;
    snprintf(o->text, sizeof o->text, "%s", code >= 0 ? wa_error_text(code)
             : "WhatsApp menjawab dengan galat yang tidak dikenal.");
    enum send_verdict v = code >= 0 ? wa_error_verdict(code) : SEND_RETRY;
    int64_t now = now_ms();
    o->state = "antri";
    if (v == SEND_FAIL || (v == SEND_RETRY && attempts >= ATTEMPTS_MAX)) {
        o->state = "gagal";
        if (code == 131050) {   /* the citizen stopped such messages in WhatsApp itself */
            struct sub_change c = {.office_id = s->office_id, .now = now / 1000,
                                   .channel = "whatsapp", .address = jv_str(row, "address"),
                                   .words = "(WhatsApp: warga menghentikan pesan dari kantor)"};
            if (sub_set(s->db, &c) < 0) log_warn("berhenti langganan tidak tercatat");
        }
    } else if (v == SEND_STOP) {
        channel_set_error(s->db, s->wa.id, o->text, now / 1000);
        o->stop = 1;
        s->next_ms = now + 300000;
    } else if (code == 131056) {
        /* this person only: 4^X s, the others go on */
        int64_t wait = 1000;
        for (int k = 1; k < attempts; k++) wait *= 4;
        o->hold_ms = now + wait - BROADCAST_PAIR_MS;
    } else {
        o->stop = 1;
        s->next_ms = now + job_backoff_ms(attempts);
    }
}

/* No answer came: it may have been accepted, so it is never sent again
 * (broadcast.h); the run waits a little. */
static void no_answer(struct run *s, const json_t *row, const char *err, struct outcome *o)
{
    o->state = "tak_pasti";
    snprintf(o->text, sizeof o->text, "Tidak ada jawaban (%s); mungkin sudah terkirim, tidak "
             "dikirim ulang.", err);
    o->stop = 1;
    s->next_ms = now_ms() + job_backoff_ms((int)jv_int(row, "attempts"));
}

/* The approved template to one WhatsApp subscriber. */
static void send_wa(struct run *s, const json_t *row, struct outcome *o)
{
    json_t *body = wa_message_body(jv_str(row, "address"), "", s->payload);
    char opaque[64], url[700], err[256] = "";
    snprintf(opaque, sizeof opaque, "siaran:%lld:%lld", (long long)s->id,
             (long long)jv_int(row, "id"));
    json_object_set_new(body, "biz_opaque_callback_data", json_string(opaque));
    char *json = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    snprintf(url, sizeof url, "%s/%s/%s/messages", s->wa.base, WA_GRAPH_VERSION, s->wa.account);
    struct hc_resp r;
    memset(&r, 0, sizeof r);
    int rc = json ? hc_request("POST", url, s->wa.token, json, 64 * 1024, API_TIMEOUT_MS, &r,
                               err, sizeof err) : -1;
    free(json);
    json_t *ans = rc == 0 ? json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL) : NULL;
    const char *wamid = json_string_value(json_object_get(
        json_array_get(json_object_get(ans, "messages"), 0), "id"));
    if (rc != 0) {
        no_answer(s, row, err, o);
    } else if (r.status >= 200 && r.status < 300 && wamid) {
        o->state = "terkirim";
        snprintf(o->ext, sizeof o->ext, "%s", wamid);
    } else {
        log_warn("WhatsApp menolak siaran #%lld ke penerima #%lld: HTTP %ld", (long long)s->id,
                 (long long)jv_int(row, "id"), r.status);
        outcome_error(s, row, ans, o);
    }
    json_decref(ans);
    hc_resp_free(&r);
}

/* The same words as text to one Telegram subscriber (a bot may write to
 * whoever started it; Telegram says how long to wait when too fast). */
static void send_tg(struct run *s, const json_t *row, struct outcome *o)
{
    json_t *body = json_pack("{s:s, s:s}", "chat_id", jv_str(row, "address"), "text", s->text);
    char *json = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    char url[CHANNEL_SECRET_MAX + 600], err[256] = "";
    snprintf(url, sizeof url, "%s/bot%s/sendMessage", s->tg.base, s->tg.token);
    struct hc_resp r;
    memset(&r, 0, sizeof r);
    int rc = json ? hc_request("POST", url, NULL, json, 64 * 1024, API_TIMEOUT_MS, &r, err,
                               sizeof err) : -1;
    sodium_memzero(url, sizeof url);        /* it holds the bot token */
    free(json);
    json_t *ans = rc == 0 ? json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL) : NULL;
    json_t *res = json_object_get(ans, "result");
    if (rc != 0) {
        no_answer(s, row, err, o);
    } else if (r.status == 200 && json_is_true(json_object_get(ans, "ok"))) {
        o->state = "terkirim";
        snprintf(o->ext, sizeof o->ext, "%s:%s:%" JSON_INTEGER_FORMAT, s->tg.account,
                 jv_str(row, "address"), json_integer_value(json_object_get(res, "message_id")));
    } else if (r.status == 429 || r.status >= 500) {
        int64_t after = jv_int(json_object_get(ans, "parameters"), "retry_after");
        o->state = jv_int(row, "attempts") >= ATTEMPTS_MAX ? "gagal" : "antri";
        o->code = r.status;
        snprintf(o->text, sizeof o->text, "Telegram meminta menunggu; dikirim ulang otomatis.");
        o->stop = 1;
        s->next_ms = now_ms() + (after > 0 ? after * 1000 : 1000);
    } else {
        o->state = "gagal";
        o->code = r.status;
        snprintf(o->text, sizeof o->text, "%s", r.status == 403
                 ? "Warga memblokir bot Telegram kantor." : "Telegram menolak pesan ini.");
    }
    json_decref(ans);
    hc_resp_free(&r);
}

/* Sends one claimed row after its slot at its channel's rate. */
static void send_one(struct run *s, const json_t *row, struct outcome *o)
{
    memset(o, 0, sizeof *o);
    int wa = strcmp(jv_str(row, "channel"), "whatsapp") == 0;
    struct chan *c = wa ? &s->wa : &s->tg;
    if (!c->ready) {
        o->state = "gagal";
        snprintf(o->text, sizeof o->text, "Kanal %s kantor belum diatur atau dinonaktifkan.",
                 wa ? "WhatsApp" : "Telegram");
        return;
    }
    send_rate_wait(c->account, c->rate);
    if (wa)
        send_wa(s, row, o);
    else
        send_tg(s, row, o);
}

/* Claims the next row (committed: kirim), sends it and records the
 * answer at once, so that a kill leaves at most this one row uncertain.
 * 1 sent or refused, 0 none claimable now, -1 the run stops here
 * (s->next_ms set). */
static int send_next(struct run *s)
{
    json_t *rows = bc_claim(s->db, s->id, 1, me, now_ms(), BROADCAST_PAIR_MS);
    if (!rows) {
        s->next_ms = now_ms() + 5000;
        return -1;
    }
    json_t *row = json_array_get(rows, 0);
    if (!row) {
        json_decref(rows);
        return 0;
    }
    struct outcome o;
    send_one(s, row, &o);
    int rc = o.stop ? -1 : 1;
    if (bc_result(s->db, jv_int(row, "id"), o.state, *o.ext ? o.ext : NULL, o.code, o.text,
                  now_ms() / 1000, o.hold_ms) != 0) {
        /* the row stays kirim and becomes tak_pasti: never sent twice */
        log_error("hasil siaran #%lld tidak tersimpan: %s", (long long)s->id, db_errmsg(s->db));
        s->next_ms = now_ms() + 5000;
        rc = -1;
    }
    json_decref(rows);
    return rc;
}

/* Room left in the messaging tier now; *opens: when the oldest reach of
 * the moving 24 hours drops out. <0 on error. */
static int64_t tier_room(struct run *s, int64_t now, int64_t *opens)
{
    int64_t n = 0, first = 0;
    if (bc_reach(s->db, s->office_id, now - 86400000, &n, &first) != 0) return -1;
    *opens = first + 86400000;
    return n < s->tier ? s->tier - n : 0;
}

/* Claims and sends rows for about SLICE_MS; sets s->next_ms. The tier
 * is read every BATCH_MAX sends at most (it counts WhatsApp only, but a
 * full tier also holds Telegram back: the simpler rule). */
static void slice(struct run *s)
{
    int64_t end = now_ms() + SLICE_MS;
    while (now_ms() < end) {
        int64_t now = now_ms(), opens = 0, room = tier_room(s, now, &opens);
        if (room <= 0) {        /* the tier is full: the next window (or a retry) */
            s->next_ms = room < 0 ? now + 5000 : opens;
            return;
        }
        int64_t batch = s->wa.rate / 4 < 1 ? 1 : s->wa.rate / 4 > BATCH_MAX ? BATCH_MAX
                                                                            : s->wa.rate / 4;
        int64_t n = 0;
        int rc = 1;
        while (n < batch && n < room && (rc = send_next(s)) == 1) n++;
        if (rc < 0) return;
        if (rc == 0 && n == 0) {
            int64_t left = 0;
            /* nothing claimable: done, or only people still held back */
            if (bc_waiting(s->db, s->id, &left) != 0 || left > 0)
                s->next_ms = now + 1000;
            else
                s->next_ms = bc_finish(s->db, s->id, now / 1000) == 0 ? 0 : now + 5000;
            return;
        }
    }
    s->next_ms = now_ms();
}

/* One channel of the office into c; c->ready when it can send. */
static void chan_open(struct run *s, const char *kind, struct chan *c, json_t *ch)
{
    char why[400];
    if (!ch || !json_is_true(json_object_get(ch, "active"))) return;
    if (channel_secret(ch, "token", c->token, why, sizeof why) != 0) {
        log_error("siaran #%lld lewat %s menunggu: %s", (long long)s->id, kind, why);
        return;
    }
    json_t *st = json_loads(jv_str(ch, "settings"), 0, NULL);
    int64_t rate = jv_int(st, "rate"), tier = jv_int(st, "broadcast_tier");
    json_decref(st);
    int wa = strcmp(kind, "whatsapp") == 0;
    c->rate = rate > 0 && rate <= 1000 ? (int)rate : wa ? 80 : 30;
    if (wa) s->tier = tier > 0 ? (int)tier : BROADCAST_TIER_DEFAULT;
    c->id = jv_int(ch, "id");
    c->account = jv_str(ch, "account");
    c->base = *jv_str(ch, "base_url") ? jv_str(ch, "base_url") : wa ? WA_GRAPH_URL : TG_API_URL;
    c->ready = 1;
}

/* The template's payload and the same words for Telegram. */
static void run_words(struct run *s, const json_t *bc)
{
    json_t *params = json_loads(jv_str(bc, "params"), 0, NULL);
    if (!json_is_array(params)) {
        json_decref(params);
        params = json_array();
    }
    broadcast_preview(jv_str_at(params, 0), jv_str_at(params, 1), jv_str_at(params, 2),
                      jv_str_at(params, 3), s->text, sizeof s->text);
    s->payload = json_pack("{s:{s:s, s:s, s:o}}", "template", "name", jv_str(bc, "template"),
                           "language", jv_str(bc, "language"), "params", params);
}

void broadcast_job(db_t *db, const struct job *j, struct job_result *res)
{
    pthread_once(&me_once, me_init);
    json_t *bc = broadcast_get(db, j->ref_id);
    if (!bc) {                  /* the database failed (broadcasts are never removed) */
        res->verdict = JOB_RETRY;
        snprintf(res->error, sizeof res->error, "siaran #%lld tidak terbaca: %s",
                 (long long)j->ref_id, db_errmsg(db));
        return;
    }
    struct run s = {.db = db, .id = j->ref_id, .office_id = jv_int(bc, "office_id"),
                    .tier = BROADCAST_TIER_DEFAULT};
    json_t *wa = channel_get(db, s.office_id, "whatsapp");
    json_t *tg = channel_get(db, s.office_id, "telegram");
    run_words(&s, bc);
    chan_open(&s, "whatsapp", &s.wa, wa);
    chan_open(&s, "telegram", &s.tg, tg);
    if (strcmp(jv_str(bc, "state"), "berjalan") != 0) {
        s.next_ms = 0;
    } else if (!s.wa.ready && !s.tg.ready) {
        log_warn("siaran #%lld menunggu: kanal kantor belum aktif", (long long)s.id);
        s.next_ms = now_ms() + 60000;
    } else if (bc_tidy(db, s.id, me, db_kind(db) == DB_SQLITE, now_ms() - STALE_MS) != 0) {
        s.next_ms = now_ms() + 5000;
    } else {
        slice(&s);
    }
    sodium_memzero(s.wa.token, sizeof s.wa.token);
    sodium_memzero(s.tg.token, sizeof s.tg.token);
    /* the next run is a job of its own: this one ends done, whatever the
     * length of the broadcast (the queue's attempts count failures) */
    if (s.next_ms && job_add(db, "broadcast", s.office_id, s.id, NULL, s.next_ms) != 0) {
        res->verdict = JOB_RETRY;
        snprintf(res->error, sizeof res->error, "siaran #%lld: giliran berikutnya tidak "
                 "tersimpan", (long long)s.id);
    }
    json_decref(s.payload);
    json_decref(wa);
    json_decref(tg);
    json_decref(bc);
}
