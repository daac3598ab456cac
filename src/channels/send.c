/* send: see send.h. */
#include "channels/send.h"
#include "channels/config.h"
#include "channels/event.h"
#include "channels/http_client.h"
#include "channels/idphoto_job.h"
#include "channels/telegram.h"
#include "channels/whatsapp.h"
#include "core/secret.h"
#include "db/store_chat.h"
#include "db/store_media.h"
#include "util/filestore.h"
#include "core/uplink.h"
#include "live/live.h"
#include "db/store_job.h"
#include "util/log.h"
#include "util/jv.h"
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define API_TIMEOUT_MS 15000
#define API_BODY_MAX (256u * 1024)

/* Per-number rate: WhatsApp allows 80 messages/s per business number by
 * default (settings "rate" lowers or raises it). Spaces sends out inside
 * this process; other instances have their own share. */
static pthread_mutex_t rate_mu = PTHREAD_MUTEX_INITIALIZER;
static struct { char account[64]; int64_t next_us; } rate_slot[64];

void send_rate_wait(const char *account, int per_second)
{
    if (per_second <= 0) per_second = SEND_RATE_DEFAULT;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000, at = now;
    pthread_mutex_lock(&rate_mu);
    int free_slot = -1, i;
    for (i = 0; i < 64; i++) {
        if (strcmp(rate_slot[i].account, account) == 0) break;
        if (!rate_slot[i].account[0] && free_slot < 0) free_slot = i;
    }
    if (i == 64) {
        i = free_slot >= 0 ? free_slot : 0;
        snprintf(rate_slot[i].account, sizeof rate_slot[i].account, "%s", account);
        rate_slot[i].next_us = now;
    }
    if (rate_slot[i].next_us > now) at = rate_slot[i].next_us;
    rate_slot[i].next_us = at + 1000000 / per_second;
    pthread_mutex_unlock(&rate_mu);
    if (at > now) usleep((useconds_t)(at - now < 1000000 ? at - now : 1000000));
}

static void mark(db_t *db, int64_t id, const char *status, int64_t code, const char *text)
{
    chat_message_status(db, id, status, code, text, (int64_t)time(NULL));
}

/* A receipt may have come before the send's own answer: apply the
 * furthest one now. */
static void apply_receipts(db_t *db, int64_t id, const char *channel, const char *ext)
{
    json_t *rows = chat_receipts(db, channel, ext), *x, *best = NULL;
    size_t i;
    json_array_foreach(rows, i, x) {
        const char *s = json_string_value(json_object_get(x, "status"));
        if (s && status_rank(s) > status_rank(best ? jv_str(best, "status") : "")) best = x;
    }
    if (best && status_rank(jv_str(best, "status")) > status_rank("accepted"))
        mark(db, id, jv_str(best, "status"), jv_int(best, "error_code"),
             jv_str(best, "error_text"));
    json_decref(rows);
}

static void fail(db_t *db, int64_t id, struct job_result *res, int64_t code, const char *text)
{
    mark(db, id, "failed", code, text);
    res->verdict = JOB_DONE;        /* the message row carries the failure */
    snprintf(res->error, sizeof res->error, "%s", text);
}

/* A temporary failure: retry, or give up once the attempts are used. */
static void retry(db_t *db, const struct job *j, struct job_result *res, int64_t code,
                  const char *text, int64_t delay_ms)
{
    if (j->attempts >= j->max_attempts) {
        char t[400];
        snprintf(t, sizeof t, "%s Sudah dicoba %d kali; pengiriman dihentikan.", text,
                 j->attempts);
        fail(db, j->ref_id, res, code, t);
        return;
    }
    mark(db, j->ref_id, "queued", code, text);
    res->verdict = JOB_RETRY;
    res->delay_ms = delay_ms;
    snprintf(res->error, sizeof res->error, "%s", text);
}

static void wipe_free(char *s)
{
    if (s) sodium_memzero(s, strlen(s));
    free(s);
}

/* WhatsApp refused the message: its error code says whether to give up
 * (and whether the citizen blocked us), stop the channel until staff fix
 * it, or retry, after the wait the pair rate limit asks for. */
static void wa_refused(db_t *db, const struct job *j, const json_t *m, const json_t *ch,
                       const json_t *ans, long status, struct job_result *res)
{
    int64_t id = j->ref_id, now = time(NULL);
    json_t *e = json_object_get(ans, "error");
    int64_t code = json_is_integer(json_object_get(e, "code"))
                       ? json_integer_value(json_object_get(e, "code")) : -1;
    log_warn("WhatsApp menolak pesan #%lld: HTTP %ld kode %lld (%s, fbtrace %s)",
             (long long)id, status, (long long)code,
             jv_str(json_object_get(e, "error_data"), "details"), jv_str(e, "fbtrace_id"));
    const char *text = code >= 0 ? wa_error_text(code)
                                 : "WhatsApp menjawab dengan galat yang tidak dikenal.";
    switch (code >= 0 ? wa_error_verdict(code) : SEND_RETRY) {
    case SEND_FAIL:
        fail(db, id, res, code, text);
        if (code == 131026)
            chat_contact_block(db, jv_int(m, "office_id"), "whatsapp",
                               jv_str(m, "contact_address"));
        break;
    case SEND_STOP:
        /* the channel is broken (token, account): keep the message,
         * tell staff, try again much later */
        channel_set_error(db, jv_int(ch, "id"), text, now);
        retry(db, j, res, code, text, 300000);
        break;
    default: {
        /* the pair rate limit asks for 4^X seconds; others the usual back-off */
        int64_t delay = 0;
        if (code == 131056) {
            delay = 1000;
            for (int k = 1; k < j->attempts && delay < 3600000; k++) delay *= 4;
        }
        retry(db, j, res, code, text, delay);
    }
    }
}

static void send_whatsapp(db_t *db, const struct job *j, json_t *m, json_t *ch,
                          const char *token, struct job_result *res)
{
    int64_t id = j->ref_id, now = time(NULL);
    json_t *payload = json_loads(jv_str(m, "payload"), 0, NULL);
    int is_template = json_object_get(payload, "template") != NULL;
    /* outside the 24-hour window only approved templates can arrive */
    if (!is_template &&
        now - json_integer_value(json_object_get(m, "last_inbound_at")) > WA_WINDOW) {
        fail(db, id, res, 131047, wa_error_text(131047));
        json_decref(payload);
        return;
    }
    json_t *settings = json_loads(jv_str(ch, "settings"), 0, NULL);
    send_rate_wait(jv_str(ch, "account"), (int)json_integer_value(json_object_get(settings, "rate")));
    json_decref(settings);
    /* an upload link is stored masked and revealed only here (core/uplink.h) */
    char *whole = uplink_reveal(jv_str(m, "body"));
    json_t *body = whole ? wa_message_body(jv_str(m, "contact_address"), whole, payload) : NULL;
    json_decref(payload);
    char *json = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    wipe_free(whole);
    char url[700], err[256] = "";
    const char *base = *jv_str(ch, "base_url") ? jv_str(ch, "base_url") : WA_GRAPH_URL;
    snprintf(url, sizeof url, "%s/%s/%s/messages", base, WA_GRAPH_VERSION, jv_str(ch, "account"));
    struct hc_resp r;
    int rc = json ? hc_request("POST", url, token, json, API_BODY_MAX,
                               API_TIMEOUT_MS, &r, err, sizeof err) : -1;
    free(json);
    if (rc != 0) {
        /* no answer: it may have been accepted; Meta offers no idempotency
         * key, so a rare duplicate is the price of not losing the reply */
        char t[400];
        snprintf(t, sizeof t, "WhatsApp tidak dapat dihubungi (%s); dikirim ulang otomatis.", err);
        retry(db, j, res, 0, t, 0);
        hc_resp_free(&r);
        return;
    }
    json_t *ans = json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL);
    const char *wamid = json_string_value(json_object_get(
        json_array_get(json_object_get(ans, "messages"), 0), "id"));
    if (r.status >= 200 && r.status < 300 && wamid) {
        if (chat_message_handed(db, id, wamid, "accepted", now) != 0) {
            retry(db, j, res, 0, "Status kiriman tidak tersimpan.", 0);
        } else {
            apply_receipts(db, id, "whatsapp", wamid);
        }
    } else {
        wa_refused(db, j, m, ch, ans, r.status, res);
    }
    json_decref(ans);
    hc_resp_free(&r);
}

static void send_telegram(db_t *db, const struct job *j, json_t *m, json_t *ch,
                          const char *token, struct job_result *res)
{
    int64_t id = j->ref_id, now = time(NULL);
    json_t *payload = json_loads(jv_str(m, "payload"), 0, NULL);
    char *whole = uplink_reveal(jv_str(m, "body"));
    json_t *body = whole ? tg_message_body(jv_str(m, "contact_address"), whole, payload) : NULL;
    json_decref(payload);
    char *json = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    wipe_free(whole);
    char url[CHANNEL_SECRET_MAX + 600], err[256] = "";
    const char *base = *jv_str(ch, "base_url") ? jv_str(ch, "base_url") : TG_API_URL;
    snprintf(url, sizeof url, "%s/bot%s/sendMessage", base, token);
    struct hc_resp r;
    int rc = json ? hc_request("POST", url, NULL, json, API_BODY_MAX, API_TIMEOUT_MS, &r, err,
                               sizeof err) : -1;
    sodium_memzero(url, sizeof url);        /* it holds the bot token */
    free(json);
    if (rc != 0) {
        char t[400];
        snprintf(t, sizeof t, "Telegram tidak dapat dihubungi (%s); dikirim ulang otomatis.", err);
        retry(db, j, res, 0, t, 0);
        hc_resp_free(&r);
        return;
    }
    json_t *ans = json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL);
    json_t *result = json_object_get(ans, "result");
    if (r.status == 200 && json_is_true(json_object_get(ans, "ok"))) {
        char ext[64];
        snprintf(ext, sizeof ext, "%s:%s:%" JSON_INTEGER_FORMAT, jv_str(ch, "account"),
                 jv_str(m, "contact_address"), json_integer_value(json_object_get(result, "message_id")));
        chat_message_handed(db, id, ext, "sent", now);
    } else if (r.status == 429) {
        /* Telegram says exactly how long to wait */
        int64_t after = json_integer_value(json_object_get(
            json_object_get(ans, "parameters"), "retry_after"));
        retry(db, j, res, 429, "Batas kiriman Telegram tercapai; dikirim ulang otomatis.",
              (after > 0 ? after : 1) * 1000);
    } else if (r.status == 403) {
        fail(db, id, res, 403, "Warga memblokir bot Telegram kantor; pesan tidak dapat dikirim.");
        chat_contact_block(db, jv_int(m, "office_id"), "telegram", jv_str(m, "contact_address"));
    } else if (r.status == 401 || r.status == 404) {
        const char *t = "Token bot Telegram tidak sah: perbarui token di pengaturan kanal.";
        channel_set_error(db, jv_int(ch, "id"), t, now);
        retry(db, j, res, r.status, t, 300000);
    } else if (r.status >= 500) {
        retry(db, j, res, r.status, "Gangguan sementara di Telegram; dikirim ulang otomatis.", 0);
    } else {
        log_warn("Telegram menolak pesan #%lld: HTTP %ld %s", (long long)id, r.status,
                 jv_str(ans, "description"));
        fail(db, id, res, r.status, "Telegram menolak isi pesan ini.");
    }
    json_decref(ans);
    hc_resp_free(&r);
}

/* While an earlier send of the same conversation is pending, how long to
 * look again (SEND_TURN_MS while it runs or is due). */
#define SEND_TURN_MS 300

/* Messages of one conversation go out in the order they were queued (the
 * status notice before the survey after it, a reply before the next): a
 * send waits, its attempt uncounted, while an earlier message still has a
 * send job ready or running; until that one's next try, or shortly while
 * it runs. A failed or dead-lettered earlier message holds nothing up.
 * Whether this one waits. */
static int wait_turn(db_t *db, const struct job *j, const json_t *m, struct job_result *res)
{
    int64_t conv = jv_int(m, "conversation_id"), at = 0;
    int rc = conv > 0 ? job_send_ahead(db, conv, j->ref_id, &at) : 0;
    if (rc < 0) {
        retry(db, j, res, 0, "Urutan pesan percakapan tidak dapat diperiksa; dikirim ulang otomatis.",
              0);
        return 1;
    }
    if (rc == 0) return 0;
    int64_t now = now_ms();
    res->verdict = JOB_WAIT;
    res->delay_ms = at > now ? at - now : SEND_TURN_MS;
    return 1;
}

void send_job(db_t *db, const struct job *j, struct job_result *res)
{
    json_t *m = chat_message_get(db, j->ref_id);
    if (!m || strcmp(jv_str(m, "direction"), "out") != 0 || strcmp(jv_str(m, "status"), "queued") != 0 ||
        wait_turn(db, j, m, res)) {
        json_decref(m);         /* gone, sent by an earlier run of this job, or waiting */
        return;
    }
    const char *channel = jv_str(m, "channel");
    json_t *ch = channel_get(db, json_integer_value(json_object_get(m, "office_id")), channel);
    if (!ch || !json_is_true(json_object_get(ch, "active"))) {
        fail(db, j->ref_id, res, 0, strcmp(channel, "telegram") == 0
             ? "Kanal Telegram kantor belum diatur atau dinonaktifkan."
             : "Kanal WhatsApp kantor belum diatur atau dinonaktifkan.");
    } else if (json_is_true(json_object_get(m, "contact_blocked"))) {
        fail(db, j->ref_id, res, 0, "Warga ini tidak dapat dihubungi lewat kanal ini.");
    } else {
        char token[CHANNEL_SECRET_MAX], why[400];
        if (channel_secret(ch, "token", token, why, sizeof why) != 0) {
            /* a token this server cannot open is never sent as garbage;
             * the message waits for the right key file */
            log_error("pesan #%lld tidak dikirim: %s (berkas kunci: %s)", (long long)j->ref_id,
                      why, *secret_key_file() ? secret_key_file() : "tidak ada");
            retry(db, j, res, 0, why, 300000);
        } else if (strcmp(channel, "whatsapp") == 0) {
            send_whatsapp(db, j, m, ch, token, res);
        } else if (strcmp(channel, "telegram") == 0) {
            send_telegram(db, j, m, ch, token, res);
        }
        sodium_memzero(token, sizeof token);
    }
    live_publish(db, json_integer_value(json_object_get(m, "office_id")), "status",
                 json_integer_value(json_object_get(m, "conversation_id")), NULL);
    json_decref(ch);
    json_decref(m);
}

void callback_job(db_t *db, const struct job *j, struct job_result *res)
{
    /* Telegram's client spins until the button press is answered */
    json_t *p = json_loads(j->payload, 0, NULL);
    json_t *ch = channel_get(db, j->office_id, "telegram");
    char token[CHANNEL_SECRET_MAX] = "", why[400];
    if (ch && channel_secret(ch, "token", token, why, sizeof why) != 0) {
        log_error("tombol Telegram tidak dijawab: %s", why);
        json_decref(ch);
        ch = NULL;
    }
    if (ch && *jv_str(p, "callback_id")) {
        char url[CHANNEL_SECRET_MAX + 600], err[256];
        const char *base = *jv_str(ch, "base_url") ? jv_str(ch, "base_url") : TG_API_URL;
        snprintf(url, sizeof url, "%s/bot%s/answerCallbackQuery", base, token);
        json_t *b = json_pack("{s:s}", "callback_query_id", jv_str(p, "callback_id"));
        char *json = json_dumps(b, JSON_COMPACT);
        json_decref(b);
        struct hc_resp r;
        if (json && hc_request("POST", url, NULL, json, API_BODY_MAX, API_TIMEOUT_MS, &r, err,
                               sizeof err) != 0 && j->attempts < 3) {
            res->verdict = JOB_RETRY;
            snprintf(res->error, sizeof res->error, "%s", err);
        }
        sodium_memzero(url, sizeof url);
        free(json);
        hc_resp_free(&r);
    }
    sodium_memzero(token, sizeof token);
    json_decref(ch);
    json_decref(p);
}

/* --- media ----------------------------------------------------------- */

#define MEDIA_MAX (16u * 1024 * 1024)   /* larger documents are left for staff to ask again */

/* Stores downloaded bytes as a private file of the message's conversation
 * (util/filestore.h). The file is removed again if the row is not written;
 * a transaction rolled back later leaves an orphan file, which is only
 * disk. Below the files' disk reserve nothing is kept: the job retries. */
static int keep_media(db_t *db, json_t *m, const char *source, const char *mime,
                      const char *filename, const struct buf *b)
{
    char key[FILESTORE_KEY_LEN + 1], sha[65];
    /* a photo of a complaint registered before its download is the complaint's */
    int64_t complaint = media_complaint_of_message(db, jv_int(m, "id"));
    if (complaint < 0 || !filestore_room(b->len) ||
        filestore_put(b->p ? b->p : "", b->len, key, sha) != 0)
        return -1;
    struct media_new row = {
        .request_id = complaint,
        .office_id = json_integer_value(json_object_get(m, "office_id")),
        .conversation_id = json_integer_value(json_object_get(m, "conversation_id")),
        .message_id = json_integer_value(json_object_get(m, "id")), .source = source,
        .mime = mime, .filename = filename, .size = (int64_t)b->len, .file_key = key,
        .sha256 = sha, .client_addr = "", .now = (int64_t)time(NULL)};
    int rc = media_add(db, &row);
    if (rc != 0) filestore_remove(key);
    return rc;
}

/* GET url (with the token as Bearer when given) into r; 0 on HTTP 200. */
static int fetch(const char *url, const char *bearer, size_t max, struct hc_resp *r, char *err,
                 size_t errlen)
{
    if (hc_request("GET", url, bearer, NULL, max, API_TIMEOUT_MS, r, err, errlen) != 0) return -1;
    if (r->status != 200) {
        snprintf(err, errlen, "HTTP %ld", r->status);
        return -1;
    }
    return 0;
}

/* WhatsApp: the media id gives a short-lived URL (on another host, used
 * exactly as returned, with the token); an expired URL means asking again,
 * which the job's retry does. */
static int media_whatsapp(json_t *ch, const char *token, const json_t *p, struct hc_resp *file,
                          char *mime, size_t mimelen, char *err, size_t errlen)
{
    char url[800];
    const char *base = *jv_str(ch, "base_url") ? jv_str(ch, "base_url") : WA_GRAPH_URL;
    snprintf(url, sizeof url, "%s/%s/%s", base, WA_GRAPH_VERSION, jv_str(p, "media_id"));
    struct hc_resp meta;
    int rc = fetch(url, token, API_BODY_MAX, &meta, err, errlen);
    json_t *j = rc == 0 ? json_loadb(meta.body.p ? meta.body.p : "", meta.body.len, 0, NULL) : NULL;
    hc_resp_free(&meta);
    const char *where = jv_str(j, "url");
    if (rc == 0 && strncmp(where, "http", 4) != 0) {
        snprintf(err, errlen, "jawaban media tanpa alamat");
        rc = -1;
    }
    snprintf(mime, mimelen, "%s", *jv_str(j, "mime_type") ? jv_str(j, "mime_type") : jv_str(p, "mime"));
    if (rc == 0) rc = fetch(where, token, MEDIA_MAX, file, err, errlen);
    json_decref(j);
    return rc;
}

/* Telegram: getFile gives a path under {base}/file/bot<token>/. */
static int media_telegram(json_t *ch, const char *token, const json_t *p, struct hc_resp *file,
                          char *err, size_t errlen)
{
    char url[CHANNEL_SECRET_MAX + 900];
    const char *base = *jv_str(ch, "base_url") ? jv_str(ch, "base_url") : TG_API_URL;
    snprintf(url, sizeof url, "%s/bot%s/getFile", base, token);
    json_t *b = json_pack("{s:s}", "file_id", jv_str(p, "file_id"));
    char *body = json_dumps(b, JSON_COMPACT);
    json_decref(b);
    struct hc_resp meta;
    int rc = body ? hc_request("POST", url, NULL, body, API_BODY_MAX, API_TIMEOUT_MS, &meta, err,
                               errlen) : -1;
    free(body);
    json_t *j = rc == 0 ? json_loadb(meta.body.p ? meta.body.p : "", meta.body.len, 0, NULL) : NULL;
    if (rc == 0) hc_resp_free(&meta);
    const char *path = jv_str(json_object_get(j, "result"), "file_path");
    /* the path comes from Telegram; refuse anything that could leave the file area */
    if (rc == 0 && (!*path || strstr(path, "..") || strpbrk(path, "?#\\ "))) {
        snprintf(err, errlen, "jalur berkas Telegram tidak sah");
        rc = -1;
    }
    if (rc == 0) {
        snprintf(url, sizeof url, "%s/file/bot%s/%s", base, token, path);
        rc = fetch(url, NULL, MEDIA_MAX, file, err, errlen);
    }
    sodium_memzero(url, sizeof url);
    json_decref(j);
    return rc;
}

void media_job(db_t *db, const struct job *j, struct job_result *res)
{
    json_t *m = chat_message_get(db, j->ref_id);
    json_t *p = m ? json_loads(jv_str(m, "payload"), 0, NULL) : NULL;
    json_t *ch = m ? channel_get(db, json_integer_value(json_object_get(m, "office_id")),
                                 jv_str(m, "channel")) : NULL;
    /* a count that failed reads as none: the download is tried again */
    int64_t have = m ? media_count_of_message(db, j->ref_id) : 0;
    if (!m || !ch || have > 0) {        /* gone, no channel any more, or fetched already */
        json_decref(p);
        json_decref(ch);
        json_decref(m);
        return;
    }
    struct hc_resp file;
    memset(&file, 0, sizeof file);
    char err[256] = "", mime[128] = "";
    int wa = strcmp(jv_str(m, "channel"), "whatsapp") == 0;
    char token[CHANNEL_SECRET_MAX];
    int rc = channel_secret(ch, "token", token, err, sizeof err);
    if (rc == 0)
        rc = wa ? media_whatsapp(ch, token, p, &file, mime, sizeof mime, err, sizeof err)
                : media_telegram(ch, token, p, &file, err, sizeof err);
    sodium_memzero(token, sizeof token);
    if (!wa) snprintf(mime, sizeof mime, "%s", *file.ctype ? file.ctype : jv_str(p, "mime"));
    char *semi = strchr(mime, ';');
    if (semi) *semi = '\0';
    if (rc == 0) {
        /* a photo whose words named no KTP is read for one next, on a job
         * of its own (OCR takes long); the file and that job commit together */
        int ocr = idphoto_wanted(m, file.body.p, file.body.len);
        if (db_begin(db) != 0 ||
            keep_media(db, m, jv_str(m, "channel"), *mime ? mime : "application/octet-stream",
                       jv_str(p, "filename"), &file.body) != 0 ||
            (ocr && job_add(db, "idphoto", json_integer_value(json_object_get(m, "office_id")),
                            j->ref_id, NULL, 0) != 0) ||
            db_commit(db) != 0) {
            snprintf(err, sizeof err, "berkas tidak tersimpan: %s", db_errmsg(db));
            db_rollback(db);
            rc = -1;
        }
    }
    if (rc != 0) {
        /* WhatsApp keeps media for days: a few tries over minutes are enough */
        res->verdict = j->attempts < 6 ? JOB_RETRY : JOB_DEAD;
        snprintf(res->error, sizeof res->error, "Berkas warga belum dapat diunduh (%s).", err);
    }
    hc_resp_free(&file);
    json_decref(p);
    json_decref(ch);
    json_decref(m);
}
