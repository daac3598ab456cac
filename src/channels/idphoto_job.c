/* idphoto_job: see idphoto_job.h. */
#include "channels/idphoto_job.h"
#include "bot/bot.h"
#include "channels/botenv.h"
#include "channels/idphoto.h"
#include "channels/inbound.h"
#include "db/store_chat.h"
#include "db/store_media.h"
#include "db/store_job.h"
#include "live/live.h"
#include "util/log.h"
#include "util/jv.h"
#include "channels/webpush.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int idphoto_wanted(const json_t *m, const void *bytes, size_t len)
{
    return idphoto_enabled() && strcmp(jv_str(m, "direction"), "in") == 0 &&
           !json_is_true(json_object_get(m, "sensitive")) && idphoto_is_image(bytes, len);
}

/* The message's photo as bytes (malloc'd, *len set), NULL when gone. */
static unsigned char *photo_of(db_t *db, int64_t message_id, size_t *len)
{
    json_t *row = media_of_message(db, message_id);
    struct buf b;
    buf_init(&b, 0);
    unsigned char *bytes = NULL;
    if (row && media_bytes(row, &b) == 0 && b.len) {
        *len = b.len;
        bytes = (unsigned char *)buf_steal(&b);
    }
    buf_free(&b);
    json_decref(row);
    return bytes;
}

/* Marks message m sensitive and queues the warning, unless someone (a
 * second run of this job) did first. Inside the caller's transaction.
 * Returns 1 when the warning was queued, 0 when already flagged, <0. */
static int flag(db_t *db, const json_t *m, int64_t now)
{
    int64_t id = json_integer_value(json_object_get(m, "id"));
    int64_t office_id = json_integer_value(json_object_get(m, "office_id"));
    int64_t conv_id = json_integer_value(json_object_get(m, "conversation_id"));
    const char *channel = jv_str(m, "channel");
    /* two runs of this job (the queue may do that) send one warning: the
     * second finds the message flagged already */
    int flagged = chat_message_flag_sensitive(db, id, now);
    if (flagged <= 0) return flagged < 0 ? -1 : 0;
    char token[65], url[400];
    if (chat_upload_link(db, office_id, conv_id, now, UPLOAD_LINK_TTL, token) != 0) return -1;
    snprintf(url, sizeof url, "%s/unggah/%s", botenv_base_url(), token);
    sodium_memzero(token, sizeof token);
    char *text = bot_sensitive_warning(url, 1);
    sodium_memzero(url, sizeof url);
    if (!text) return -1;
    int64_t out = chat_message_out(db, office_id, channel, conv_id, "text", text, "{}", "bot", 0,
                                   now);
    free(text);
    if (out < 0) return -1;
    if (strcmp(channel, "web") != 0 && job_add(db, "send", office_id, out, NULL, 0) != 0)
        return -1;
    if (push_queue_message(db, channel, out) != 0) return -1;
    return live_publish(db, office_id, "message", conv_id, NULL) == 0 ? 1 : -1;
}

void idphoto_job(db_t *db, const struct job *j, struct job_result *res)
{
    json_t *m = chat_message_get(db, j->ref_id);
    size_t len = 0;
    unsigned char *bytes = NULL;
    if (!idphoto_enabled() || !m || json_is_true(json_object_get(m, "sensitive")) ||
        !json_integer_value(json_object_get(m, "conversation_id")) ||
        !(bytes = photo_of(db, j->ref_id, &len))) {
        json_decref(m);     /* off, gone, flagged already, or no file */
        return;
    }
    /* no transaction is open here: OCR takes hundreds of milliseconds and
     * SQLite's write lock (or a PostgreSQL row lock) must not wait on it */
    struct idphoto r;
    int rc = idphoto_check(bytes, len, NULL, &r);
    sodium_memzero(bytes, len);
    free(bytes);
    if (rc != 0) {
        res->verdict = j->attempts < 3 ? JOB_RETRY : JOB_DEAD;
        snprintf(res->error, sizeof res->error, "foto warga belum dapat diperiksa (memori)");
        json_decref(m);
        return;
    }
    if (r.kind != IDPHOTO_KTP && r.kind != IDPHOTO_KK) {
        json_decref(m);
        return;
    }
    /* the kind and time only: the text (with the NIK) never leaves idphoto.c */
    log_info("foto pesan #%lld tampaknya %s (OCR %d ms)", (long long)j->ref_id,
             idphoto_label(r.kind), r.ms);
    int sent = -1;
    if (db_begin(db) == 0) {
        sent = flag(db, m, time(NULL));
        if (sent < 0 || db_commit(db) != 0) {
            db_rollback(db);
            sent = -1;
        }
    }
    if (sent < 0) {
        res->verdict = JOB_RETRY;
        snprintf(res->error, sizeof res->error, "peringatan foto KTP/KK belum tersimpan: %s",
                 db_errmsg(db));
    } else if (sent > 0) {
        workers_wake();     /* the warning to send */
    }
    json_decref(m);
}
